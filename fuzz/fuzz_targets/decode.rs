#![no_main]
//! Byte-level checks before any parser: empty, binary, UTF-8, UTF-16.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = grade::ingest::decode(data) {
        assert!(!text.contains('\0'));
    }
});
