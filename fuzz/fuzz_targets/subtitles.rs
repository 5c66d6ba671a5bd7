#![no_main]
//! WebVTT and SRT.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::exercise("webvtt", "t.vtt", data);
    common::exercise("srt", "t.srt", data);
});
