//! `multipart/form-data` bodies, encoded in memory so a retried request can resend them.

use serde::{Deserialize, Serialize};

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FilePart {
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// The file name sent with the part, if any.
    pub file_name: Option<String>,
    /// The part's content type. Default: `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A part with these contents and no file name.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// One part of a body.
pub(crate) enum Part {
    Text { name: String, value: String },
    File { name: String, file: FilePart },
}

impl Part {
    /// A text part; structured values are sent as JSON.
    pub(crate) fn text<V: Serialize + ?Sized>(name: &str, value: &V) -> Part {
        let value = match serde_json::to_value(value) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(_) => String::new(),
        };
        Part::Text { name: name.to_string(), value }
    }

    pub(crate) fn file(name: &str, file: &FilePart) -> Part {
        Part::File { name: name.to_string(), file: file.clone() }
    }
}

/// The content type (with its boundary) and the encoded body.
pub(crate) fn encode(parts: &[Part]) -> (String, Vec<u8>) {
    let contents = |part: &Part| match part {
        Part::Text { value, .. } => value.as_bytes().to_vec(),
        Part::File { file, .. } => file.bytes.clone(),
    };
    // A boundary that occurs in no part: lengthen it until it does not.
    let mut boundary = String::from("----generated-client-boundary-7MA4YWxkTrZu0gW");
    while parts.iter().any(|p| contents(p).windows(boundary.len()).any(|w| w == boundary.as_bytes())) {
        boundary.push('x');
    }
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ");
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part {
            Part::Text { name, value } => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", quote(name)).as_bytes(),
                );
                body.extend_from_slice(value.as_bytes());
            }
            Part::File { name, file } => {
                let file_name =
                    file.file_name.as_deref().map(|f| format!("; filename=\"{}\"", quote(f))).unwrap_or_default();
                let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"{file_name}\r\nContent-Type: {}\r\n\r\n",
                        quote(name),
                        quote(content_type)
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(&file.bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
