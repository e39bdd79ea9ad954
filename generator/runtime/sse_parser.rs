//! The server-sent events parser, as the WHATWG HTML specification says: lines end in CRLF,
//! LF or CR; `:` starts a comment; `data` lines join with `\n`; `id` and `retry` set the last
//! event id and the reconnection time; a blank line dispatches. Events may be split across
//! reads anywhere, even inside a CRLF. It depends on nothing else of the crate, so the
//! generator's benchmark measures it on its own.

use std::collections::VecDeque;
use std::sync::Arc;

/// An event as parsed, before its data is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEvent {
    pub(crate) event: Option<String>,
    /// Shared by the events that carry the same last id (one allocation per `id` line).
    pub(crate) id: Option<Arc<str>>,
    pub(crate) data: String,
    pub(crate) retry: Option<u64>,
}

/// Appends `bytes` as text, invalid UTF-8 replaced (the strict check is the fast one).
fn push_text(text: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(valid) => text.push_str(valid),
        Err(_) => text.push_str(&String::from_utf8_lossy(bytes)),
    }
}

/// Where the first line ending (CR or LF) in `bytes` is. One comparison per byte in the
/// scan (control bytes are rare in event streams), so the loop stays tight.
fn line_end(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| b <= b'\r') {
        let at = from + offset;
        if bytes[at] == b'\n' || bytes[at] == b'\r' {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The incremental parser: feed it bytes as they arrive.
#[derive(Debug, Default)]
pub(crate) struct EventParser {
    /// The current line, not yet ended.
    line: Vec<u8>,
    /// The last byte seen was a CR: a LF right after it ends no second line.
    after_cr: bool,
    /// The first bytes were seen (a byte order mark is skipped only there).
    started: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    last_id: Option<Arc<str>>,
    retry: Option<u64>,
}

impl EventParser {
    /// Parses `chunk`, appending every event it completes to `out`.
    pub(crate) fn feed(&mut self, mut chunk: &[u8], out: &mut VecDeque<RawEvent>) {
        if !self.started && !chunk.is_empty() {
            // The BOM may itself arrive split; only a whole one at the very start is skipped.
            let bom = [0xEF, 0xBB, 0xBF];
            let have = self.line.len() + chunk.len();
            let prefix: Vec<u8> = self.line.iter().chain(chunk).take(3).copied().collect();
            if have < 3 && bom.starts_with(&prefix) {
                self.line.extend_from_slice(chunk);
                return;
            }
            self.started = true;
            if prefix == bom {
                let from_chunk = 3 - self.line.len();
                self.line.clear();
                chunk = &chunk[from_chunk..];
            }
        }
        while !chunk.is_empty() {
            if self.after_cr && chunk[0] == b'\n' {
                chunk = &chunk[1..];
            }
            self.after_cr = false;
            match line_end(chunk) {
                Some(end) => {
                    self.after_cr = chunk[end] == b'\r';
                    if self.line.is_empty() {
                        self.process_line(&chunk[..end], out);
                    } else {
                        self.line.extend_from_slice(&chunk[..end]);
                        let line = std::mem::take(&mut self.line);
                        self.process_line(&line, out);
                    }
                    chunk = &chunk[end + 1..];
                }
                None => {
                    self.line.extend_from_slice(chunk);
                    chunk = &[];
                }
            }
        }
    }

    /// The stream ended. An event whose lines all ended is dispatched even without the
    /// closing blank line (servers often leave it out); `Err` when the stream broke off in the
    /// middle of a line, which leaves that event unfinished (it is dropped).
    pub(crate) fn finish(&mut self, out: &mut VecDeque<RawEvent>) -> Result<(), ()> {
        if !self.line.is_empty() {
            self.line.clear();
            self.reset_event();
            return Err(());
        }
        self.dispatch(out);
        Ok(())
    }

    fn process_line(&mut self, line: &[u8], out: &mut VecDeque<RawEvent>) {
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line[0] == b':' {
            return; // a comment (often a keep-alive)
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match field {
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                push_text(&mut self.data, value);
                self.has_data = true;
            }
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            b"id" if !value.contains(&0) => {
                self.last_id = (!value.is_empty()).then(|| Arc::from(String::from_utf8_lossy(value).as_ref()));
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.retry = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
            }
            _ => {} // unknown fields are ignored
        }
    }

    fn dispatch(&mut self, out: &mut VecDeque<RawEvent>) {
        if self.has_data {
            out.push_back(RawEvent {
                event: self.event.take(),
                id: self.last_id.clone(),
                data: std::mem::take(&mut self.data),
                retry: self.retry.take(),
            });
        }
        self.reset_event();
    }

    fn reset_event(&mut self) {
        self.data.clear();
        self.has_data = false;
        self.event = None;
        self.retry = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in_chunks(input: &[u8], cuts: &[usize]) -> (Vec<RawEvent>, Result<(), ()>) {
        let mut parser = EventParser::default();
        let mut out = VecDeque::new();
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&input.len())) {
            let cut = cut.clamp(start, input.len());
            parser.feed(&input[start..cut], &mut out);
            start = cut;
        }
        let finished = parser.finish(&mut out);
        (out.into_iter().collect(), finished)
    }

    fn event(event: Option<&str>, id: Option<&str>, data: &str, retry: Option<u64>) -> RawEvent {
        RawEvent { event: event.map(String::from), id: id.map(Arc::from), data: data.into(), retry }
    }

    /// Every construct of the specification, with all three line endings.
    const STREAM: &[u8] = b"\xEF\xBB\xBF: a comment\r\n\
        data: one\n\n\
        event: update\r\n\
        id: 7\r\n\
        data: {\"a\": 1,\r\n\
        data:  \"b\": 2}\r\n\r\n\
        retry: 2500\rdata\rdata: third\r\r\
        id\n\
        event: ignored, no data\n\n\
        data:x\n\
        field-without-value\n\
        unknown: field\n\n\
        data: last, no blank line\n";

    fn expected() -> Vec<RawEvent> {
        vec![
            event(None, None, "one", None),
            event(Some("update"), Some("7"), "{\"a\": 1,\n \"b\": 2}", None),
            event(None, Some("7"), "\nthird", Some(2500)),
            event(None, None, "x", None),
            event(None, None, "last, no blank line", None),
        ]
    }

    #[test]
    fn every_construct_of_the_specification() {
        assert_eq!(parse_in_chunks(STREAM, &[]), (expected(), Ok(())));
    }

    #[test]
    fn a_split_at_any_byte_decodes_the_same_events() {
        for cut in 0..=STREAM.len() {
            assert_eq!(parse_in_chunks(STREAM, &[cut]), (expected(), Ok(())), "split at {cut}");
            for second in cut..=STREAM.len() {
                assert_eq!(parse_in_chunks(STREAM, &[cut, second]), (expected(), Ok(())), "split at {cut}, {second}");
            }
        }
    }

    #[test]
    fn random_chunking_decodes_the_same_events() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2_000 {
            let mut cuts = Vec::new();
            let mut at = 0;
            while at < STREAM.len() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                at += 1 + (state % 9) as usize;
                cuts.push(at);
            }
            assert_eq!(parse_in_chunks(STREAM, &cuts), (expected(), Ok(())), "cuts {cuts:?}");
        }
    }

    #[test]
    fn a_stream_cut_mid_line_reports_it_and_drops_the_unfinished_event() {
        let (events, finished) = parse_in_chunks(b"data: whole\n\ndata: {\"par", &[]);
        assert_eq!(events, [event(None, None, "whole", None)]);
        assert_eq!(finished, Err(()));
    }

    #[test]
    fn ids_with_nul_and_malformed_retry_are_ignored() {
        let (events, _) = parse_in_chunks(b"id: a\0b\nretry: 12x\ndata: d\n\n", &[]);
        assert_eq!(events, [event(None, None, "d", None)]);
    }
}
