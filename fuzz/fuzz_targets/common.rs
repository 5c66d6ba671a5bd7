// Shared by the fuzz targets: run one reader, then the whole pipeline on
// whatever it accepts, as `grade` would.

use std::path::Path;
use std::sync::OnceLock;

use grade::ingest::{ingest_text, readers, IngestOptions};
use grade::judge::{grade, rules::RulesJudge};
use grade::rubric::Rubric;
use grade::segment::Segmenter;

fn rubric() -> &'static (Rubric, Segmenter) {
    static RUBRIC: OnceLock<(Rubric, Segmenter)> = OnceLock::new();
    RUBRIC.get_or_init(|| {
        let rubric = Rubric::default_rubric().expect("the default rubric loads");
        let segmenter = Segmenter::new(&rubric);
        (rubric, segmenter)
    })
}

pub fn exercise(format: &str, file_name: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (rubric, segmenter) = rubric();
    if let Some(reader) = readers().iter().find(|r| r.name() == format) {
        let _ = reader.sniff(Path::new(file_name), text);
        let _ = reader.parse(Path::new(file_name), text);
    }
    let options = IngestOptions {
        format: Some(format.to_string()),
        ..IngestOptions::default()
    };
    for detected in [None, Some(options)] {
        let options = detected.unwrap_or_default();
        for ingested in ingest_text(Path::new(file_name), file_name, text, rubric, &options) {
            if let Ok(transcript) = ingested.result {
                if let Ok(segmentation) = segmenter.segment(&transcript, rubric) {
                    let _ = grade(&transcript, &segmentation, rubric, &RulesJudge);
                }
            }
        }
    }
}
