//! Downloading 1 GiB through a generated client's streaming method (`cargo xtask bench`
//! builds this in a client generated from `generator/tests/fixtures/responses.yaml`):
//! `client.reports().get_pdf().byte_stream()` against reqwest's own `bytes_stream()` on the
//! same loopback server, each chunk only counted. One mode per process (`DOWNLOAD_MODE` =
//! `client` or `reqwest`), so that each reports its own peak memory (`VmHWM`); the xtask runs
//! them in turn and prints the ratios. Asserts nothing about time.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Instant;

use bench_downloads::Client;

const TOTAL: u64 = 1 << 30;

/// One thread answering every request with `TOTAL` bytes of `application/pdf`.
fn serve() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let chunk = vec![0x25u8; 256 * 1024];
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: {TOTAL}\r\n\r\n");
            if stream.write_all(head.as_bytes()).is_err() {
                continue;
            }
            let mut sent = 0u64;
            while sent < TOTAL {
                let n = (TOTAL - sent).min(chunk.len() as u64) as usize;
                if stream.write_all(&chunk[..n]).is_err() {
                    break;
                }
                sent += n as u64;
            }
        }
    });
    address
}

/// The process's peak resident memory in KiB (`VmHWM`, Linux).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: 0 kB");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

async fn next<S: futures_core::Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::main]
async fn main() {
    let address = serve();
    let mode = std::env::var("DOWNLOAD_MODE").unwrap_or_else(|_| "client".into());
    let started = Instant::now();
    let mut received = 0u64;
    match mode.as_str() {
        "client" => {
            let client = Client::builder().base_url(format!("http://{address}")).build().unwrap();
            let mut body = client.reports().get_pdf().byte_stream().await.unwrap();
            while let Some(chunk) = body.next_chunk().await {
                received += chunk.unwrap().len() as u64;
            }
        }
        "reqwest" => {
            let http = reqwest::Client::new();
            let response = http.get(format!("http://{address}/report/pdf")).send().await.unwrap();
            let mut body = response.bytes_stream();
            while let Some(chunk) = next(&mut body).await {
                received += chunk.unwrap().len() as u64;
            }
        }
        other => panic!("DOWNLOAD_MODE={other}: `client` or `reqwest`"),
    }
    let elapsed = started.elapsed();
    assert_eq!(received, TOTAL, "the whole body");
    let mib_per_s = received as f64 / (1 << 20) as f64 / elapsed.as_secs_f64();
    println!("download {mode}: {mib_per_s:.0} MiB/s, peak {} KiB", peak_kib());
}
