//! The answer cache: one file per request, named by the request's hash
//! (model, server host, body, sample; never the API key), written atomically
//! so that a crash, or several `grade` processes sharing the folder, never
//! leave half an entry. A rerun with the same inputs asks the server nothing.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// Layout version of the folder: entries live under `v1/ab/abcdef….json`.
const LAYOUT: &str = "v1";

/// What is kept of a server's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedAnswer {
    /// The message content, as the model wrote it.
    pub content: String,
    pub finish_reason: Option<String>,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// What `grade cache stats` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheStats {
    pub entries: u64,
    pub bytes: u64,
}

impl Cache {
    pub fn new(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &str) -> PathBuf {
        let shard = key.get(..2).unwrap_or("00");
        self.dir
            .join(LAYOUT)
            .join(shard)
            .join(format!("{key}.json"))
    }

    /// The stored answer, if any. An unreadable or corrupt entry is a miss
    /// (it is asked again and overwritten), never an error.
    pub fn get(&self, key: &str) -> Option<CachedAnswer> {
        let bytes = fs::read(self.path(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn put(&self, key: &str, answer: &CachedAnswer) -> Result<()> {
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| {
                format!("could not create the cache folder {}", parent.display())
            })?;
        }
        let bytes = serde_json::to_vec(answer).context("could not encode a cache entry")?;
        crate::report::write_atomic(&path, &bytes)
    }

    pub fn stats(&self) -> Result<CacheStats> {
        let mut stats = CacheStats {
            entries: 0,
            bytes: 0,
        };
        for file in self.entries()? {
            stats.entries += 1;
            stats.bytes += fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        }
        Ok(stats)
    }

    /// Removes every entry; returns how many there were. Only `grade`'s own
    /// files are touched, whatever else the folder holds.
    pub fn clear(&self) -> Result<u64> {
        let mut removed = 0;
        for file in self.entries()? {
            fs::remove_file(&file)
                .with_context(|| format!("could not remove {}", file.display()))?;
            removed += 1;
        }
        let root = self.dir.join(LAYOUT);
        if let Ok(shards) = fs::read_dir(&root) {
            for shard in shards.flatten() {
                let _ = fs::remove_dir(shard.path());
            }
        }
        let _ = fs::remove_dir(root);
        Ok(removed)
    }

    fn entries(&self) -> Result<Vec<PathBuf>> {
        let root = self.dir.join(LAYOUT);
        let shards = match fs::read_dir(&root) {
            Ok(shards) => shards,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("could not read the cache {}", root.display()))
            }
        };
        let mut files = Vec::new();
        for shard in shards.flatten() {
            let Ok(items) = fs::read_dir(shard.path()) else {
                continue;
            };
            files.extend(
                items
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json")),
            );
        }
        files.sort();
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_clear_leaves_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let answer = CachedAnswer {
            content: "{\"score\": 3}".into(),
            finish_reason: Some("stop".into()),
            prompt_tokens: 120,
            completion_tokens: 30,
        };
        let key = "ab".repeat(32);
        assert_eq!(cache.get(&key), None);
        cache.put(&key, &answer).unwrap();
        assert_eq!(cache.get(&key), Some(answer));
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert_eq!(cache.stats().unwrap().entries, 1);
        assert_eq!(cache.clear().unwrap(), 1);
        assert_eq!(cache.get(&key), None);
        assert!(dir.path().join("notes.txt").exists());
    }

    #[test]
    fn a_corrupt_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let key = "cd".repeat(32);
        let path = cache.path(&key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{\"content\": tru").unwrap();
        assert_eq!(cache.get(&key), None);
    }
}
