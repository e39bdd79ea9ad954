//! What the generated client costs over hand-written code doing the same work:
//!
//! 1. per-request overhead: `client.api_keys().list()` against a hand-written reqwest GET
//!    of the same endpoint (same headers, status check, body read, serde decode), on a
//!    loopback HTTP/1.1 server;
//! 2. decode throughput of a 10,000-key list response: through the generated client
//!    (`list()` end to end, and the generated types decoded in memory) against a
//!    hand-written serde struct of the same shape.
//!
//! `cargo bench -p netography-client --bench overhead` prints the ratios; it asserts
//! nothing about time (goals: overhead ratio <= 1.05, decode ratio >= 0.95). Requests of the
//! two sides are interleaved call by call, alternating which goes first, against one server
//! thread, so neither side runs on a warmer core or a busier stretch; decode rounds alternate.
//! The ratios compare the best rounds: other work on the machine only ever adds time, so the
//! fastest round is the closest to what the code itself costs; the medians are printed too.

use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use netography_client::{types, Client};
use serde::Deserialize;

const TOKEN: &str = "bench-token";
const LIST_PATH: &str = "/api/v1/api-keys";
const ROUNDS: usize = 10;
const REQUESTS_PER_ROUND: usize = 2_000;
const BIG_LIST_KEYS: usize = 10_000;
const DECODES_PER_ROUND: usize = 10;
const BIG_REQUESTS_PER_ROUND: usize = 10;

/// The hand-written equivalent of the generated response types.
#[allow(dead_code)] // decoded to be measured, not read
#[derive(Deserialize)]
struct HandList {
    meta: Option<HandMeta>,
    data: Option<Vec<HandKey>>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct HandMeta {
    code: Option<i32>,
    count: Option<i32>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct HandKey {
    appname: Option<String>,
    description: Option<String>,
    roles: Option<Vec<String>>,
    last_login: Option<f64>,
    last_ip: Option<String>,
}

fn list_json(keys: usize) -> Vec<u8> {
    let data: Vec<_> = (0..keys)
        .map(|i| {
            serde_json::json!({
                "appname": format!("app-{i:05}"),
                "description": "pipeline ingest key for the north region",
                "roles": ["admin", "read"],
                "last_login": 1_700_000_000.5 + i as f64,
                "last_ip": "192.0.2.17",
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({"meta": {"code": 200, "count": keys}, "data": data})).unwrap()
}

/// A keep-alive HTTP/1.1 server answering every request with `body`. All its connections
/// are served by one thread: with a thread per connection, where the scheduler put each
/// thread decided which client looked faster.
fn serve(body: Vec<u8>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let mut response =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len())
            .into_bytes();
    response.extend_from_slice(&body);
    let response: std::sync::Arc<[u8]> = response.into();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(answer_requests(stream, response.clone()));
            }
        });
    });
    address
}

async fn answer_requests(mut stream: tokio::net::TcpStream, response: std::sync::Arc<[u8]>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.set_nodelay(true).unwrap();
    let mut pending = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        // Requests are GETs: a head and no body.
        while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            pending.drain(..end + 4);
            if stream.write_all(&response).await.is_err() {
                return;
            }
        }
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => pending.extend_from_slice(&buffer[..n]),
        }
    }
}

fn generated_client(address: SocketAddr) -> Client {
    Client::builder().base_url(format!("http://{address}")).bearer_token(TOKEN).build().unwrap()
}

/// Configured like the generated client's own reqwest client.
fn hand_written_client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent("hand-written/0.1")
        .timeout(Duration::from_secs(60))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn hand_written_list(http: &reqwest::Client, url: &str) -> HandList {
    let response = http
        .get(url)
        .header(reqwest::header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let body = response.bytes().await.unwrap();
    serde_json::from_slice(&body).unwrap()
}

/// One `list()` call of the generated client, timed.
async fn time_generated(client: &Client, expected_keys: usize) -> Duration {
    let started = Instant::now();
    let list = client.api_keys().list().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(list.data.as_ref().map(Vec::len), Some(expected_keys));
    black_box(list);
    elapsed
}

/// One hand-written call, timed.
async fn time_hand_written(http: &reqwest::Client, url: &str, expected_keys: usize) -> Duration {
    let started = Instant::now();
    let list = hand_written_list(http, url).await;
    let elapsed = started.elapsed();
    assert_eq!(list.data.as_ref().map(Vec::len), Some(expected_keys));
    black_box(list);
    elapsed
}

/// Rounds of `requests` calls each of the generated client and the hand-written code,
/// interleaved call by call with the order alternating, so whatever else the machine does
/// falls on both alike. (Alternating whole rounds was not enough: on this machine the side
/// that started a round ran about 1.5x slower through it.)
async fn compare_requests(
    client: &Client,
    http: &reqwest::Client,
    url: &str,
    requests: usize,
    keys: usize,
) -> (Rounds, Rounds) {
    for _ in 0..requests.div_ceil(4) {
        time_generated(client, keys).await;
        time_hand_written(http, url, keys).await;
    }
    let (mut generated, mut hand) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let (mut generated_total, mut hand_total) = (Duration::ZERO, Duration::ZERO);
        for request in 0..requests {
            if request % 2 == 0 {
                generated_total += time_generated(client, keys).await;
                hand_total += time_hand_written(http, url, keys).await;
            } else {
                hand_total += time_hand_written(http, url, keys).await;
                generated_total += time_generated(client, keys).await;
            }
        }
        generated.push(per_item(generated_total, requests));
        hand.push(per_item(hand_total, requests));
    }
    (Rounds(generated), Rounds(hand))
}

/// Interleaved rounds decoding `body` into the generated types and the hand-written struct.
fn compare_decodes(body: &[u8]) -> (Rounds, Rounds) {
    let generated = || {
        let started = Instant::now();
        for _ in 0..DECODES_PER_ROUND {
            black_box(serde_json::from_slice::<types::ApiKeyRecordListResponse>(black_box(body)).unwrap());
        }
        per_item(started.elapsed(), DECODES_PER_ROUND)
    };
    let hand = || {
        let started = Instant::now();
        for _ in 0..DECODES_PER_ROUND {
            black_box(serde_json::from_slice::<HandList>(black_box(body)).unwrap());
        }
        per_item(started.elapsed(), DECODES_PER_ROUND)
    };
    let (mut generated_rounds, mut hand_rounds) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            generated_rounds.push(generated());
            hand_rounds.push(hand());
        } else {
            hand_rounds.push(hand());
            generated_rounds.push(generated());
        }
    }
    (Rounds(generated_rounds), Rounds(hand_rounds))
}

/// The time per item of each round.
struct Rounds(Vec<Duration>);

impl Rounds {
    fn best(&self) -> Duration {
        self.0.iter().copied().min().unwrap()
    }

    fn median(&self) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted[sorted.len() / 2]
    }
}

/// `a` over `b`, for the best rounds and for the medians.
fn ratios(a: Duration, b: Duration, a_median: Duration, b_median: Duration) -> String {
    format!(
        "{:.3} (medians: {:.3})",
        a.as_secs_f64() / b.as_secs_f64(),
        a_median.as_secs_f64() / b_median.as_secs_f64()
    )
}

fn per_item(total: Duration, items: usize) -> Duration {
    total / u32::try_from(items).unwrap()
}

fn megabytes_per_second(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / time.as_secs_f64() / 1e6
}

/// The 1-minute load average where Linux shows it: other work skews the numbers.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let load_before = load_average();
    let small = serve(list_json(2));
    let big_body = list_json(BIG_LIST_KEYS);
    let big = serve(big_body.clone());
    let hand = hand_written_client();

    // 1. Per-request overhead.
    let (generated_request, hand_request) = runtime.block_on(compare_requests(
        &generated_client(small),
        &hand,
        &format!("http://{small}{LIST_PATH}"),
        REQUESTS_PER_ROUND,
        2,
    ));
    // 2a. Decode in memory: the generated types against the hand-written struct.
    let (generated_decode, hand_decode) = compare_decodes(&big_body);
    // 2b. The same list end to end: the generated client's list() against reqwest + serde.
    let (generated_big, hand_big) = runtime.block_on(compare_requests(
        &generated_client(big),
        &hand,
        &format!("http://{big}{LIST_PATH}"),
        BIG_REQUESTS_PER_ROUND,
        BIG_LIST_KEYS,
    ));

    let size = big_body.len();
    let micros = |rounds: &Rounds| {
        format!("{:>7.1} us (median {:.1})", rounds.best().as_secs_f64() * 1e6, rounds.median().as_secs_f64() * 1e6)
    };
    let throughput = |rounds: &Rounds| {
        format!(
            "{:>6.1} MB/s (median {:.1})",
            megabytes_per_second(size, rounds.best()),
            megabytes_per_second(size, rounds.median())
        )
    };
    println!(
        "netography-client overhead benchmark: loopback HTTP/1.1, best of {ROUNDS} interleaved rounds \
         (load average {load_before} before, {} after)",
        load_average()
    );
    println!("per request (GET {LIST_PATH}, 2-key body, {REQUESTS_PER_ROUND} requests a round):");
    println!("  generated client                          {}", micros(&generated_request));
    println!("  hand-written reqwest                      {}", micros(&hand_request));
    println!(
        "  overhead ratio (generated / hand-written): {}  (goal <= 1.05)",
        ratios(generated_request.best(), hand_request.best(), generated_request.median(), hand_request.median())
    );
    println!("decode of a {BIG_LIST_KEYS}-key list ({:.2} MB):", size as f64 / 1e6);
    println!("  generated types, in memory                {}", throughput(&generated_decode));
    println!("  hand-written struct, in memory            {}", throughput(&hand_decode));
    println!(
        "  decode throughput ratio (generated / hand-written): {}  (goal >= 0.95)",
        ratios(hand_decode.best(), generated_decode.best(), hand_decode.median(), generated_decode.median())
    );
    println!("  generated client list(), end to end       {}", throughput(&generated_big));
    println!("  hand-written reqwest + serde, end to end  {}", throughput(&hand_big));
    println!(
        "  end-to-end throughput ratio (generated / hand-written): {}  (goal >= 0.95)",
        ratios(hand_big.best(), generated_big.best(), hand_big.median(), generated_big.median())
    );
}
