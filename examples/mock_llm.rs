//! A minimal OpenAI-compatible chat-completions server with a fixed latency,
//! for benchmarking the LLM judge's concurrency without a model.
//!
//! ```sh
//! cargo run --release --example mock_llm -- --port 0 --latency-ms 50
//! # first line on stdout: http://127.0.0.1:PORT/v1
//! OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 grade DIR --judge llm --no-cache --model m
//! ```
//!
//! Every `POST /v1/chat/completions` (any path ending in `/chat/completions`)
//! is answered after exactly `--latency-ms` with a valid chat completion whose
//! content is the JSON answer `grade` asks for, with a `null` score ("not
//! assessed"). The server does nothing else that takes time: the request is
//! read, the thread sleeps the configured latency, the answer is written.
//!
//! HTTP/1.1 with keep-alive (`Connection: close` from the client is honoured),
//! `Content-Length` or chunked request bodies, one thread per connection, so
//! any number of requests can wait in parallel. `GET /stats` answers
//! `{"requests": N, "in_flight": N, "max_in_flight": N, "connections": N}`,
//! which tells how many requests were really waiting at once. `GET /health`
//! and `GET /v1/models` answer too. std and serde_json only.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use serde_json::json;

/// A minimal OpenAI-compatible chat-completions server with a fixed latency.
#[derive(clap::Parser)]
#[command(
    name = "mock_llm",
    after_help = "Prints http://127.0.0.1:PORT/v1 as the first line on stdout, then serves until killed."
)]
struct Cli {
    /// Port on 127.0.0.1 to listen on; 0 picks a free one
    #[arg(long, value_name = "N", default_value_t = 0)]
    port: u16,
    /// Time every chat completion takes, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 50)]
    latency_ms: u64,
}

/// The largest request head or body read; anything larger is refused.
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;

#[derive(Default)]
struct Stats {
    requests: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
    connections: AtomicU64,
}

fn main() -> ExitCode {
    let cli = <Cli as clap::Parser>::parse();
    let latency = Duration::from_millis(cli.latency_ms);
    let listener = match TcpListener::bind(("127.0.0.1", cli.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("mock_llm: could not listen on 127.0.0.1:{}: {e}", cli.port);
            return ExitCode::FAILURE;
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            eprintln!("mock_llm: {e}");
            return ExitCode::FAILURE;
        }
    };
    {
        let mut out = io::stdout().lock();
        // A closed stdout (the reader went away) is no reason to stop serving.
        let _ = writeln!(out, "http://127.0.0.1:{port}/v1");
        let _ = out.flush();
    }
    let stats = Arc::new(Stats::default());
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(e) => {
                eprintln!("mock_llm: accept failed: {e}");
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let stats = Arc::clone(&stats);
        stats.connections.fetch_add(1, Ordering::Relaxed);
        let spawned = thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                // A client that goes away mid-request is its own business.
                let _ = serve(stream, latency, &stats);
            });
        if let Err(e) = spawned {
            eprintln!("mock_llm: could not start a thread: {e}");
        }
    }
    ExitCode::SUCCESS
}

struct Request {
    method: String,
    path: String,
    close: bool,
    body: Vec<u8>,
}

/// Serves the requests of one connection until the client closes it or asks
/// to close it.
fn serve(stream: TcpStream, latency: Duration, stats: &Stats) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let request = match read_request(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(()),
            Err(e) => {
                let body =
                    json!({"error": {"message": e.to_string(), "type": "invalid_request_error"}});
                write_response(&mut writer, 400, "Bad Request", &body.to_string(), true)?;
                return Ok(());
            }
        };
        let (status, reason, body) = answer(&request, latency, stats);
        write_response(&mut writer, status, reason, &body, request.close)?;
        if request.close {
            return Ok(());
        }
    }
}

fn answer(request: &Request, latency: Duration, stats: &Stats) -> (u16, &'static str, String) {
    let path = request.path.split('?').next().unwrap_or("");
    match (request.method.as_str(), path) {
        ("POST", p) if p.ends_with("/chat/completions") => {
            let n = stats.requests.fetch_add(1, Ordering::Relaxed) + 1;
            let now = stats.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            stats.max_in_flight.fetch_max(now, Ordering::Relaxed);
            thread::sleep(latency);
            stats.in_flight.fetch_sub(1, Ordering::Relaxed);
            (200, "OK", completion(n, &request.body))
        }
        ("GET", "/stats") => {
            let body = json!({
                "requests": stats.requests.load(Ordering::Relaxed),
                "in_flight": stats.in_flight.load(Ordering::Relaxed),
                "max_in_flight": stats.max_in_flight.load(Ordering::Relaxed),
                "connections": stats.connections.load(Ordering::Relaxed),
            });
            (200, "OK", body.to_string())
        }
        ("GET", "/health") => (200, "OK", r#"{"status":"ok"}"#.to_string()),
        ("GET", p) if p.ends_with("/models") => (
            200,
            "OK",
            json!({"object": "list", "data": [{"id": "mock", "object": "model", "created": 0, "owned_by": "mock_llm"}]})
                .to_string(),
        ),
        _ => (
            404,
            "Not Found",
            json!({"error": {"message": format!("no route for {} {}", request.method, request.path), "type": "not_found"}})
                .to_string(),
        ),
    }
}

/// A chat completion answering `grade`'s question: not assessed, no evidence.
fn completion(n: u64, request_body: &[u8]) -> String {
    let model = serde_json::from_slice::<serde_json::Value>(request_body)
        .ok()
        .and_then(|v| v.get("model").and_then(|m| m.as_str()).map(str::to_string))
        .unwrap_or_else(|| "mock".to_string());
    let content = json!({
        "justification": "The mock server does not read the transcript.",
        "evidence": [],
        "red_flags": [],
        "strength": "",
        "improvement": "",
        "score": null,
    })
    .to_string();
    // About four bytes a token, as a real server would roughly count.
    let prompt_tokens = request_body.len() as u64 / 4;
    let completion_tokens = content.len() as u64 / 4;
    json!({
        "id": format!("chatcmpl-mock-{n}"),
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "logprobs": null,
            "finish_reason": "stop",
        }],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    })
    .to_string()
}

fn bad(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

/// Reads one request; `None` when the client closed the connection between
/// requests.
fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<Request>> {
    let mut line = String::new();
    // Tolerate empty lines before a request line (RFC 9112 §2.2).
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let version = parts.next().unwrap_or_default().to_string();
    if method.is_empty() || path.is_empty() || !version.starts_with("HTTP/1.") {
        return Err(bad(format!(
            "not an HTTP/1.x request line: {}",
            line.trim()
        )));
    }
    let mut content_length = 0usize;
    let mut chunked = false;
    // HTTP/1.0 closes by default, HTTP/1.1 keeps the connection open.
    let mut close = version == "HTTP/1.0";
    let mut head = line.len();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(bad("the connection closed inside the request head"));
        }
        head += line.len();
        if head > MAX_HEAD {
            return Err(bad("the request head is too large"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(bad(format!("malformed header line: {header}")));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => {
                content_length = value
                    .parse()
                    .map_err(|_| bad(format!("bad Content-Length: {value}")))?;
            }
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "connection" => {
                let v = value.to_ascii_lowercase();
                if v.contains("close") {
                    close = true;
                } else if v.contains("keep-alive") {
                    close = false;
                }
            }
            _ => {}
        }
    }
    let body = if chunked {
        read_chunked(reader)?
    } else {
        if content_length > MAX_BODY {
            return Err(bad("the request body is too large"));
        }
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body)?;
        body
    };
    Ok(Some(Request {
        method,
        path,
        close,
        body,
    }))
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let size = line.trim().split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| bad(format!("bad chunk size: {}", line.trim())))?;
        if body.len() + size > MAX_BODY {
            return Err(bad("the request body is too large"));
        }
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf)?;
    }
}

fn write_response(
    writer: &mut TcpStream,
    status: u16,
    reason: &str,
    body: &str,
    close: bool,
) -> io::Result<()> {
    let connection = if close { "close" } else { "keep-alive" };
    // One buffer, one write: no small segments for Nagle to hold back.
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: {connection}\r\n\r\n{body}",
        body.len()
    );
    writer.write_all(response.as_bytes())?;
    writer.flush()
}
