//! Reading fragments: every fenced ```json / ```yaml block of a markdown page, or a whole
//! `.json` / `.yaml` / `.yml` file, is one OpenAPI document.

use std::path::Path;

use crate::error::{Source, SpecError};

/// One OpenAPI document as published, with where it came from.
#[derive(Debug, Clone)]
pub struct Fragment {
    pub source: Source,
    pub document: serde_json::Value,
}

/// Loads every fragment from the top level of `dir`, in file-name order (deterministic).
/// Files with other extensions (and subdirectories such as the merged output) are ignored;
/// `skip` names files that are not fragments (the generator config).
pub fn load_dir(dir: &Path, display_prefix: &str, skip: &[&str]) -> Result<Vec<Fragment>, SpecError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| SpecError::new("", format!("cannot read directory {}: {e}", dir.display())))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| SpecError::new("", format!("cannot read {}: {e}", dir.display())))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_fragment = [".md", ".json", ".yaml", ".yml"].iter().any(|ext| name.ends_with(ext));
        if entry.path().is_file() && is_fragment && !skip.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names.sort();
    let mut fragments = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| SpecError::new("", format!("cannot read {}: {e}", path.display())))?;
        fragments.extend(parse_file(&format!("{display_prefix}{name}"), &text)?);
    }
    Ok(fragments)
}

/// Splits one file into fragments according to its extension.
pub fn parse_file(file: &str, text: &str) -> Result<Vec<Fragment>, SpecError> {
    if file.ends_with(".md") {
        markdown_blocks(text)
            .into_iter()
            .enumerate()
            .map(|(index, block)| {
                let source = Source { file: file.to_string(), block: Some(index + 1), first_line: block.first_line };
                parse_document(&block.text, block.is_yaml, source)
            })
            .collect()
    } else {
        let source = Source { file: file.to_string(), block: None, first_line: 1 };
        let is_yaml = file.ends_with(".yaml") || file.ends_with(".yml");
        Ok(vec![parse_document(text, is_yaml, source)?])
    }
}

struct Block {
    text: String,
    is_yaml: bool,
    first_line: usize,
}

/// Fenced code blocks tagged json or yaml/yml; other fences (rust, shell, ...) are prose.
fn markdown_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, Option<bool>, Block)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                let fence_len = trimmed.chars().take_while(|&c| c == '`' || c == '~').count();
                if fence_len >= 3 {
                    let fence = trimmed[..fence_len].to_string();
                    let info = trimmed[fence_len..].split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                    let kind = match info.as_str() {
                        "json" => Some(false),
                        "yaml" | "yml" => Some(true),
                        _ => None,
                    };
                    let block = Block { text: String::new(), is_yaml: kind == Some(true), first_line: index + 2 };
                    open = Some((fence, kind, block));
                }
            }
            Some((fence, kind, block)) => {
                if trimmed.starts_with(fence.as_str())
                    && trimmed.trim_end().chars().all(|c| c == fence.chars().next().unwrap_or('`'))
                {
                    if kind.is_some() {
                        blocks.push(std::mem::replace(
                            block,
                            Block { text: String::new(), is_yaml: false, first_line: 0 },
                        ));
                    }
                    open = None;
                } else {
                    block.text.push_str(line);
                    block.text.push('\n');
                }
            }
        }
    }
    blocks
}

fn parse_document(text: &str, is_yaml: bool, source: Source) -> Result<Fragment, SpecError> {
    let document: serde_json::Value = if is_yaml {
        let YamlAsJson(document) = serde_yaml::from_str(text).map_err(|e| {
            let at = e.location().map(|l| format!(" (line {}, column {})", l.line(), l.column())).unwrap_or_default();
            SpecError::new("", format!("invalid YAML{at}: {e}")).at(source.clone())
        })?;
        document
    } else {
        serde_json::from_str(text).map_err(|e| {
            // serde_json's message ends with its own position: replace it with the file's.
            let message = e.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
            let line = source.first_line + e.line().saturating_sub(1);
            SpecError::new("", format!("invalid JSON at line {line}, column {}: {message}", e.column()))
                .at(source.clone())
        })?
    };
    if !document.is_object() {
        return Err(SpecError::new("", "a fragment must be an OpenAPI document (a JSON object)").at(source));
    }
    Ok(Fragment { source, document })
}

/// A YAML document read as JSON: integers beyond 64 bits become floats (as a JSON parser
/// reads them; `serde_json::Value` refuses them, and one `minimum` would make the whole spec
/// unreadable), keys become strings (`200:` is an integer in YAML), tags are dropped. The
/// depth is bounded by the YAML parser's recursion limit.
struct YamlAsJson(serde_json::Value);

impl<'de> serde::Deserialize<'de> for YamlAsJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor).map(YamlAsJson)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| self.visit_f64_value(v as f64), serde_json::Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| self.visit_f64_value(v as f64), serde_json::Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(self.visit_f64_value(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(YamlAsJson(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((YamlAsJson(key), YamlAsJson(value))) = map.next_entry()? {
            let key = match key {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        // `!tag value`: the value.
        use serde::de::VariantAccess;
        let (_, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<YamlAsJson>().map(|v| v.0)
    }
}

impl YamlVisitor {
    fn visit_f64_value(&self, v: f64) -> serde_json::Value {
        serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_reads_as_json_would() {
        let text = "200: {minimum: -9223372036854776000, big: 18446744073709551615, t: !tag 1}\ntrue: [1.5]\n";
        let fragment =
            parse_document(text, true, Source { file: "a.yaml".into(), block: None, first_line: 1 }).unwrap();
        assert_eq!(
            fragment.document,
            serde_json::json!({"200": {"minimum": -9.223372036854776e18, "big": 18446744073709551615u64, "t": 1}, "true": [1.5]})
        );
    }

    #[test]
    fn markdown_pages_yield_json_and_yaml_blocks_only() {
        let page = "# T\n```json\n{\"a\":1}\n```\n```rust\nfn x() {}\n```\n```yaml\nb: 2\n```\n";
        let fragments = parse_file("p.md", page).unwrap();
        assert_eq!(fragments.len(), 2);
        assert_eq!(fragments[0].source.block, Some(1));
        assert_eq!(fragments[0].source.first_line, 3);
        assert_eq!(fragments[1].document["b"], 2);
        assert_eq!(fragments[1].source.block, Some(2));
    }

    #[test]
    fn invalid_json_names_file_block_and_position() {
        let page = "```json\n{\"a\":1}\n```\n\n```json\n{\"a\": }\n```\n";
        let error = parse_file("specs/p.md", page).unwrap_err().to_string();
        assert_eq!(error, "specs/p.md block 2 (line 6): at /: invalid JSON at line 6, column 7: expected value");
        assert!(!error.contains('\n'));
    }
}
