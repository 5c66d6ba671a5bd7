#![no_main]
//! JSON chat logs, JSON Lines and diarized speech-to-text JSON.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::exercise("json", "t.json", data);
    common::exercise("jsonl", "t.jsonl", data);
});
