#![no_main]
//! The rubric loader: any TOML either loads as a valid rubric or is rejected
//! with a message naming the file.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = grade::rubric::Rubric::from_toml(text, "fuzz.toml") {
        assert!(e.to_string().contains("fuzz.toml"));
    }
});
