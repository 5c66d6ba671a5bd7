#![no_main]
//! Labelled text and Markdown, Otter and Rev exports.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::exercise("text", "t.md", data);
    common::exercise("otter", "t.txt", data);
    common::exercise("rev", "t.txt", data);
});
