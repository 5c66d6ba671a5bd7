//! An OpenAI-compatible server for the tests, in process, on 127.0.0.1 and a
//! random port. A script decides each reply from the request body and the
//! request's number; every request is recorded (headers and body) so tests
//! can check what `grade` sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

/// What the server does with one request.
pub enum Reply {
    /// A chat completion whose message content is this text.
    Content(String),
    /// A chat completion cut at the token limit.
    Length(String),
    /// Any status, extra headers and raw body.
    Raw(u16, Vec<(String, String)>, String),
    /// Waits, then replies.
    Slow(Duration, Box<Reply>),
    /// Closes the connection without a word.
    Hangup,
    /// Promises a longer body than it sends, then closes.
    Truncated,
}

pub struct Recorded {
    pub headers: String,
    pub body: Value,
}

type Script = dyn Fn(&Value, usize) -> Reply + Send + Sync;

pub struct Mock {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl Mock {
    /// Starts a server that answers by `script(body, n)`, n counting from 0.
    pub fn start(script: impl Fn(&Value, usize) -> Reply + Send + Sync + 'static) -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
        let port = listener.local_addr().expect("an address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let script: Arc<Script> = Arc::new(script);
        let (recorded, stopping) = (Arc::clone(&requests), Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (recorded, script) = (Arc::clone(&recorded), Arc::clone(&script));
                std::thread::spawn(move || serve(stream, &recorded, &*script));
            }
        });
        Mock {
            url: format!("http://127.0.0.1:{port}/v1"),
            requests,
            stop,
            port,
        }
    }

    pub fn count(&self) -> usize {
        self.requests.lock().map(|r| r.len()).unwrap_or(0)
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(mut stream: TcpStream, recorded: &Mutex<Vec<Recorded>>, script: &Script) {
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut headers = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        headers.push_str(&line);
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let n = {
        let mut r = recorded.lock().expect("the request log");
        r.push(Recorded {
            headers,
            body: body.clone(),
        });
        r.len() - 1
    };
    let mut reply = script(&body, n);
    while let Reply::Slow(delay, next) = reply {
        std::thread::sleep(delay);
        reply = *next;
    }
    let (status, extra, text) = match reply {
        Reply::Content(content) => (200, vec![], completion(&content, "stop")),
        Reply::Length(content) => (200, vec![], completion(&content, "length")),
        Reply::Raw(status, extra, text) => (status, extra, text),
        Reply::Hangup => return,
        Reply::Truncated => {
            let text = completion("{\"justification\": \"cut\"", "stop");
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                text.len() + 100,
                &text[..text.len() / 2]
            );
            return;
        }
        Reply::Slow(..) => unreachable!("slow replies are unwrapped above"),
    };
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        if status == 200 { "OK" } else { "Error" },
        text.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let _ = write!(stream, "{head}\r\n{text}");
    let _ = stream.flush();
}

fn completion(content: &str, finish: &str) -> String {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "mock-model",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "finish_reason": finish
        }],
        "usage": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100}
    })
    .to_string()
}

/// The dimension id a request is about (from the system prompt).
pub fn dimension(body: &Value) -> String {
    let system = body["messages"][0]["content"].as_str().unwrap_or("");
    system
        .split("Dimension: ")
        .nth(1)
        .and_then(|rest| rest.split('`').nth(1))
        .unwrap_or("")
        .to_string()
}

/// The first candidate line of the user message: (line number, words).
pub fn first_candidate_line(body: &Value) -> Option<(usize, String)> {
    let user = body["messages"][1]["content"].as_str()?;
    user.lines().find_map(|l| {
        let rest = l.strip_prefix('L')?;
        let (number, rest) = rest.split_once(' ')?;
        let rest = rest.strip_prefix("[candidate] ")?;
        let (_, words) = rest.split_once(": ")?;
        Some((number.parse().ok()?, words.to_string()))
    })
}

/// A well-formed answer with `score` that quotes the first candidate line
/// (its first eight words) at its real line number.
pub fn good_answer(body: &Value, score: Option<u8>) -> String {
    let evidence = match first_candidate_line(body) {
        Some((line, words)) => {
            let quote: Vec<&str> = words.split_whitespace().take(8).collect();
            vec![json!({"line": line, "quote": quote.join(" ")})]
        }
        None => vec![],
    };
    json!({
        "justification": format!("The candidate explains the {} points in their own words.", dimension(body)),
        "evidence": evidence,
        "red_flags": [],
        "strength": "Explains the mechanism step by step.",
        "improvement": "Name the trade-off of the chosen design.",
        "score": score,
    })
    .to_string()
}
