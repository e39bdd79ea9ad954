//! Streams against hand-written code doing the same work (`cargo xtask bench` builds this in
//! a client generated from `generator/tests/fixtures/pagination.yaml`):
//!
//! 1. paging: `client.charges().list().stream()` reading 10,000 items over 100 pages from a
//!    loopback HTTP/1.1 server, against a hand-written page loop with the same client
//!    (`starting_after` the last id while `has_more`); goal: ratio <= 1.05;
//! 2. server-sent events: the client's parser (`sse_parser.rs`, copied from the runtime)
//!    decoding 10,000 events fed in 8 KiB reads, against a hand-written line parser that
//!    knows only `data:` lines and `\n`; goal: throughput ratio >= 0.9.
//!
//! Prints ratios of the best of interleaved rounds (other work on the machine only adds
//! time); asserts nothing about time.

#[allow(dead_code)] // its unit tests' items, compiled but not run here
mod sse_parser;

use std::collections::VecDeque;
use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bench_streams::Client;

const PAGES: usize = 100;
const PER_PAGE: usize = 100;
const ROUNDS: usize = 30;
const EVENTS: usize = 10_000;

fn page_body(page: usize) -> Vec<u8> {
    let data: Vec<_> = (0..PER_PAGE)
        .map(|i| serde_json::json!({"id": format!("ch_{:06}", page * PER_PAGE + i), "amount": 1000 + i}))
        .collect();
    serde_json::to_vec(&serde_json::json!({"object": "list", "data": data, "has_more": page + 1 < PAGES})).unwrap()
}

/// One thread answering `GET /charges[?starting_after=ch_N]` with the page after N.
fn serve() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let responses: Vec<std::sync::Arc<[u8]>> = (0..PAGES)
        .map(|page| {
            let body = page_body(page);
            let mut response =
                format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len())
                    .into_bytes();
            response.extend_from_slice(&body);
            response.into()
        })
        .collect();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(answer(stream, responses.clone()));
            }
        });
    });
    address
}

async fn answer(mut stream: tokio::net::TcpStream, responses: Vec<std::sync::Arc<[u8]>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.set_nodelay(true).unwrap();
    let mut pending = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&pending[..end]).to_string();
            pending.drain(..end + 4);
            let line = head.lines().next().unwrap_or("");
            let page = match line.split("starting_after=ch_").nth(1) {
                Some(rest) => rest.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse::<usize>().unwrap() / PER_PAGE + 1,
                None => 0,
            };
            if stream.write_all(&responses[page.min(PAGES - 1)]).await.is_err() {
                return;
            }
        }
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => pending.extend_from_slice(&buffer[..n]),
        }
    }
}

async fn generated_stream(client: &Client) -> Duration {
    let started = Instant::now();
    let mut items = client.charges().list().stream();
    let mut count = 0;
    while let Some(item) = items.next_item().await {
        black_box(item.unwrap());
        count += 1;
    }
    assert_eq!(count, PAGES * PER_PAGE);
    started.elapsed()
}

async fn hand_written_loop(client: &Client) -> Duration {
    let started = Instant::now();
    let mut after: Option<String> = None;
    let mut count = 0;
    loop {
        let mut call = client.charges().list();
        if let Some(after) = &after {
            call = call.starting_after(after);
        }
        let page = call.await.unwrap();
        after = page.data.last().map(|charge| charge.id.clone());
        for item in page.data {
            black_box(item);
            count += 1;
        }
        if !page.has_more {
            break;
        }
    }
    assert_eq!(count, PAGES * PER_PAGE);
    started.elapsed()
}

fn events_text() -> Vec<u8> {
    let mut text = String::new();
    for i in 0..EVENTS {
        // OpenAI-style chunks: `data` lines only.
        text.push_str(&format!("data: {{\"id\":\"c{i}\",\"delta\":\"some words of the answer\",\"index\":{i}}}\n\n"));
    }
    text.into_bytes()
}

fn parse_with_client_parser(input: &[u8]) -> usize {
    let mut parser = sse_parser::EventParser::default();
    let mut out = VecDeque::new();
    let mut count = 0;
    for chunk in input.chunks(8192) {
        parser.feed(chunk, &mut out);
        while let Some(event) = out.pop_front() {
            black_box(&event);
            count += 1;
        }
    }
    count
}

/// What a hand-written parser for one server does: `\n` lines, `data:` and blank lines.
fn parse_by_hand(input: &[u8]) -> usize {
    let mut line = Vec::new();
    let mut data = String::new();
    let mut count = 0;
    for chunk in input.chunks(8192) {
        for &byte in chunk {
            if byte != b'\n' {
                line.push(byte);
                continue;
            }
            if line.is_empty() {
                if !data.is_empty() {
                    black_box(std::mem::take(&mut data));
                    count += 1;
                }
            } else if let Some(value) = line.strip_prefix(b"data: ") {
                data.push_str(std::str::from_utf8(value).unwrap());
            }
            line.clear();
        }
    }
    count
}

fn best(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let address = serve();
    let client = Client::builder().base_url(format!("http://{address}")).build().unwrap();
    let (mut generated, mut hand) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        generated_stream(&client).await;
        hand_written_loop(&client).await;
        for round in 0..ROUNDS {
            if round % 2 == 0 {
                generated.push(generated_stream(&client).await);
                hand.push(hand_written_loop(&client).await);
            } else {
                hand.push(hand_written_loop(&client).await);
                generated.push(generated_stream(&client).await);
            }
        }
    });
    println!(
        "paging, {} items over {PAGES} pages: .stream() {:.2?} (median {:.2?}), hand-written loop {:.2?} (median {:.2?}); ratio {:.3} (medians {:.3}; goal <= 1.05)",
        PAGES * PER_PAGE,
        best(&generated),
        median(&generated),
        best(&hand),
        median(&hand),
        best(&generated).as_secs_f64() / best(&hand).as_secs_f64(),
        median(&generated).as_secs_f64() / median(&hand).as_secs_f64()
    );

    let input = events_text();
    assert_eq!(parse_with_client_parser(&input), EVENTS);
    assert_eq!(parse_by_hand(&input), EVENTS);
    let (mut client_times, mut hand_times) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS * 2 {
        let time = |parse: fn(&[u8]) -> usize| {
            let started = Instant::now();
            black_box(parse(&input));
            started.elapsed()
        };
        if round % 2 == 0 {
            client_times.push(time(parse_with_client_parser));
            hand_times.push(time(parse_by_hand));
        } else {
            hand_times.push(time(parse_by_hand));
            client_times.push(time(parse_with_client_parser));
        }
    }
    let mb = input.len() as f64 / 1e6;
    let throughput = |d: Duration| mb / d.as_secs_f64();
    println!(
        "server-sent events, {EVENTS} events ({mb:.1} MB): client parser {:.0} MB/s, hand-written line parser {:.0} MB/s; throughput ratio {:.2} (goal >= 0.9)",
        throughput(best(&client_times)),
        throughput(best(&hand_times)),
        best(&hand_times).as_secs_f64() / best(&client_times).as_secs_f64()
    );
}
