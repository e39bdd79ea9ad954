//! Merging fragments into one document. Operations are united by (path, method) and
//! components by name; an exact duplicate is merged silently, anything that disagrees is an
//! error naming both sources.
//!
//! Top-level `security` is the exception: it is each fragment's default for its own
//! operations, so fragments may disagree. When they do, each fragment's default is moved
//! onto the operations it declares (an operation's own `security` wins), so that no
//! operation changes meaning.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::fragments::Fragment;
use crate::error::{pointer_join, Source, SpecError, Warning};

const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/// Top-level members every fragment repeats; they must agree.
const SHARED_MEMBERS: [&str; 3] = ["openapi", "info", "servers"];

/// The merged document plus, for each operation and component, the fragment it came from.
#[derive(Debug, Clone)]
pub struct MergedSpec {
    pub document: Value,
    /// Members the merge left out.
    pub warnings: Vec<Warning>,
    /// JSON pointer prefix (e.g. `/paths/~1a/get`) -> source. Ordered for longest-prefix lookup.
    origins: BTreeMap<String, Source>,
    first_source: Option<Source>,
}

impl MergedSpec {
    /// The fragment that defined the node at `pointer` of the merged document.
    pub fn source_of(&self, pointer: &str) -> Option<&Source> {
        self.origins
            .iter()
            .filter(|(prefix, _)| pointer == prefix.as_str() || pointer.starts_with(&format!("{prefix}/")))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, source)| source)
            .or(self.first_source.as_ref())
    }

    /// Attaches the originating fragment to an error found in the merged document.
    pub fn locate(&self, error: SpecError) -> SpecError {
        match self.source_of(&error.pointer) {
            Some(source) if error.sources.is_empty() => error.at(source.clone()),
            _ => error,
        }
    }
}

/// Merges fragments in the order given.
pub fn merge(fragments: &[Fragment]) -> Result<MergedSpec, SpecError> {
    let mut merger = Merger::default();
    for fragment in fragments {
        merger.add(fragment)?;
    }
    merger.finish(fragments.first().map(|f| f.source.clone()))
}

#[derive(Default)]
struct Merger {
    root: Map<String, Value>,
    /// Where each merged node (by pointer) was first defined.
    origins: BTreeMap<String, Source>,
    /// Per fragment: its top-level `security` (absent: none required) and the operations it
    /// declares without a `security` of their own, by pointer.
    security_defaults: Vec<FragmentSecurity>,
    warnings: Vec<Warning>,
}

struct FragmentSecurity {
    security: Option<Value>,
    operations: Vec<String>,
    source: Source,
}

impl Merger {
    fn add(&mut self, fragment: &Fragment) -> Result<(), SpecError> {
        let Some(document) = fragment.document.as_object() else {
            return Err(SpecError::new("", "a fragment must be a JSON object").at(fragment.source.clone()));
        };
        let source = &fragment.source;
        self.security_defaults.push(FragmentSecurity {
            security: document.get("security").cloned(),
            operations: Vec::new(),
            source: source.clone(),
        });
        for (key, value) in document {
            let pointer = pointer_join("", &[key]);
            match key.as_str() {
                "security" => {}
                "paths" => self.add_paths(value, source)?,
                "components" => self.add_components(value, source)?,
                "tags" => self.add_tags(value, source)?,
                _ if SHARED_MEMBERS.contains(&key.as_str()) || key.starts_with("x-") || key == "externalDocs" => {
                    self.insert_same(&pointer, value, source)?;
                }
                _ => self.warnings.push(Warning::new(
                    pointer,
                    format!("`{key}` is not an OpenAPI document member; it is ignored ({source})"),
                )),
            }
        }
        Ok(())
    }

    /// Inserts `value` at `pointer` (a chain of object members), or checks it equals what is there.
    fn insert_same(&mut self, pointer: &str, value: &Value, source: &Source) -> Result<(), SpecError> {
        let tokens: Vec<String> = pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
        let (last, parents) = tokens.split_last().expect("pointer has at least one token");
        let mut node = &mut self.root;
        for token in parents {
            node = node
                .entry(token.clone())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("merged containers are objects");
        }
        match node.get(last) {
            None => {
                node.insert(last.clone(), value.clone());
                self.origins.insert(pointer.to_string(), source.clone());
                Ok(())
            }
            Some(existing) if existing == value => Ok(()),
            Some(_) => {
                let first = self.origins.get(pointer).cloned();
                let mut error = SpecError::new(pointer, "defined differently by two fragments");
                if let Some(first) = first {
                    error = error.at(first);
                }
                Err(error.at(source.clone()))
            }
        }
    }

    fn add_paths(&mut self, paths: &Value, source: &Source) -> Result<(), SpecError> {
        let Some(paths) = paths.as_object() else {
            return Err(SpecError::new("/paths", "`paths` must be an object").at(source.clone()));
        };
        for (path, item) in paths {
            // Extensions, and items that are not objects (the resolver reports and skips
            // those), are kept as they are.
            let Some(item) = item.as_object().filter(|_| !path.starts_with("x-")) else {
                self.insert_same(&pointer_join("/paths", &[path]), item, source)?;
                continue;
            };
            // Path-level members (parameters, summary, servers, ...) apply to every
            // operation of the path, so fragments must agree on them too.
            for (key, value) in item {
                let pointer = pointer_join("/paths", &[path, key]);
                self.insert_same(&pointer, value, source)?;
                if HTTP_METHODS.contains(&key.as_str()) && value.get("security").is_none() {
                    if let Some(defaults) = self.security_defaults.last_mut() {
                        defaults.operations.push(pointer);
                    }
                }
            }
            if !item.keys().any(|key| HTTP_METHODS.contains(&key.as_str())) {
                self.origins.entry(pointer_join("/paths", &[path])).or_insert_with(|| source.clone());
            }
        }
        Ok(())
    }

    fn add_components(&mut self, components: &Value, source: &Source) -> Result<(), SpecError> {
        let Some(components) = components.as_object() else {
            return Err(SpecError::new("/components", "`components` must be an object").at(source.clone()));
        };
        for (section, entries) in components {
            match entries.as_object() {
                Some(entries) if !section.starts_with("x-") => {
                    for (name, value) in entries {
                        self.insert_same(&pointer_join("/components", &[section, name]), value, source)?;
                    }
                }
                _ => self.insert_same(&pointer_join("/components", &[section]), entries, source)?,
            }
        }
        Ok(())
    }

    fn add_tags(&mut self, tags: &Value, source: &Source) -> Result<(), SpecError> {
        let Some(tags) = tags.as_array() else {
            return Err(SpecError::new("/tags", "`tags` must be an array").at(source.clone()));
        };
        let merged = self.root.entry("tags").or_insert_with(|| Value::Array(Vec::new()));
        let merged = merged.as_array_mut().expect("tags is an array");
        for (index, tag) in tags.iter().enumerate() {
            let name = tag
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| SpecError::new(format!("/tags/{index}"), "a tag needs a `name`").at(source.clone()))?;
            let origin_key = pointer_join("/tags", &[name]);
            match merged.iter().position(|t| t.get("name").and_then(Value::as_str) == Some(name)) {
                None => {
                    merged.push(tag.clone());
                    self.origins.insert(origin_key, source.clone());
                }
                Some(at) if &merged[at] == tag => {}
                Some(at) => {
                    let mut error = SpecError::new(
                        format!("/tags/{at}"),
                        format!("tag `{name}` is defined differently by two fragments"),
                    );
                    if let Some(first) = self.origins.get(&origin_key) {
                        error = error.at(first.clone());
                    }
                    return Err(error.at(source.clone()));
                }
            }
        }
        Ok(())
    }

    fn finish(mut self, first_source: Option<Source>) -> Result<MergedSpec, SpecError> {
        self.place_security()?;
        // `tags/<name>` keys are bookkeeping, not pointers into the document.
        let origins = self.origins.into_iter().filter(|(k, _)| !k.starts_with("/tags/")).collect();
        // A description may have no paths (webhooks only, or components only).
        self.root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
        Ok(MergedSpec { document: Value::Object(self.root), warnings: self.warnings, origins, first_source })
    }

    /// One top-level `security` when every fragment has the same; otherwise each fragment's
    /// default on its operations (`[]`, no authentication, for a fragment without one).
    fn place_security(&mut self) -> Result<(), SpecError> {
        let defaults = std::mem::take(&mut self.security_defaults);
        let Some(first) = defaults.first() else { return Ok(()) };
        if defaults.iter().all(|d| d.security == first.security) {
            if let Some(security) = &first.security {
                self.root.insert("security".into(), security.clone());
                self.origins.insert("/security".into(), first.source.clone());
            }
            return Ok(());
        }
        // An operation declared by two fragments keeps the default of the first, unless the
        // second one's differs: then what the operation requires is ambiguous.
        let mut placed: BTreeMap<&str, &FragmentSecurity> = BTreeMap::new();
        for fragment in &defaults {
            for pointer in &fragment.operations {
                match placed.get(pointer.as_str()) {
                    None => {
                        placed.insert(pointer, fragment);
                    }
                    Some(first) if first.security == fragment.security => {}
                    Some(first) => {
                        return Err(SpecError::new(
                            format!("{pointer}/security"),
                            "the operation's fragments require different security",
                        )
                        .at(first.source.clone())
                        .at(fragment.source.clone()))
                    }
                }
            }
        }
        let mut root = Value::Object(std::mem::take(&mut self.root));
        for (pointer, fragment) in placed {
            let security = fragment.security.clone().unwrap_or_else(|| Value::Array(Vec::new()));
            if let Some(Value::Object(operation)) = root.pointer_mut(pointer) {
                operation.insert("security".into(), security);
            }
        }
        if let Value::Object(root) = root {
            self.root = root;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_file;

    fn fragments(page: &str) -> Vec<Fragment> {
        parse_file("specs/p.md", page).unwrap()
    }

    const A: &str = r#"{"openapi":"3.0.0","info":{"title":"T","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}"#;
    const A_OTHER: &str = r#"{"openapi":"3.0.0","info":{"title":"T","version":"1"},"paths":{"/a":{"get":{"responses":{"204":{"description":"none"}}}}}}"#;
    const B: &str = r#"{"openapi":"3.0.0","info":{"title":"T","version":"1"},"paths":{"/a":{"post":{"responses":{"200":{"description":"ok"}}}}}}"#;

    #[test]
    fn operations_on_one_path_are_united_and_duplicates_merge() {
        let merged = merge(&fragments(&format!("```json\n{A}\n```\n```json\n{B}\n```\n```json\n{A}\n```\n"))).unwrap();
        let item = merged.document["paths"]["/a"].as_object().unwrap();
        assert_eq!(item.keys().collect::<Vec<_>>(), ["get", "post"]);
        assert_eq!(merged.source_of("/paths/~1a/post/responses").unwrap().block, Some(2));
    }

    #[test]
    fn conflicting_operation_names_both_sources_and_pointer() {
        let error = merge(&fragments(&format!("```json\n{A}\n```\n```json\n{A_OTHER}\n```\n"))).unwrap_err();
        assert_eq!(
            error.to_string(),
            "specs/p.md block 1 (line 2) and specs/p.md block 2 (line 5): at /paths/~1a/get: defined differently by two fragments"
        );
    }

    const SECURED: &str = r#"{"openapi":"3.0.0","info":{"title":"T","version":"1"},"security":[{"B":[]}],"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}"#;
    const OPEN: &str = r#"{"openapi":"3.0.0","info":{"title":"T","version":"1"},"security":[],"paths":{"/login":{"post":{"responses":{"200":{"description":"ok"}}}}}}"#;

    #[test]
    fn agreeing_security_stays_top_level() {
        let other = SECURED.replace("\"/a\"", "\"/b\"");
        let merged = merge(&fragments(&format!("```json\n{SECURED}\n```\n```json\n{other}\n```\n"))).unwrap();
        assert_eq!(merged.document["security"], serde_json::json!([{"B": []}]));
        assert!(merged.document["paths"]["/b"]["get"].get("security").is_none());
    }

    #[test]
    fn disagreeing_security_moves_onto_each_fragments_operations() {
        let no_security = B.replace("/a", "/c");
        let own = SECURED.replace("\"get\":{", "\"put\":{\"security\":[{\"C\":[]}],");
        let page = format!(
            "```json\n{SECURED}\n```\n```json\n{OPEN}\n```\n```json\n{no_security}\n```\n```json\n{own}\n```\n"
        );
        let merged = merge(&fragments(&page)).unwrap();
        let document = &merged.document;
        assert!(document.get("security").is_none());
        assert_eq!(document["paths"]["/a"]["get"]["security"], serde_json::json!([{"B": []}]));
        assert_eq!(document["paths"]["/login"]["post"]["security"], serde_json::json!([]));
        // A fragment without `security` requires none.
        assert_eq!(document["paths"]["/c"]["post"]["security"], serde_json::json!([]));
        // An operation's own requirement wins over its fragment's default.
        assert_eq!(document["paths"]["/a"]["put"]["security"], serde_json::json!([{"C": []}]));
    }

    #[test]
    fn one_operation_with_two_security_defaults_is_an_error() {
        let open_a = OPEN.replace("/login", "/a").replace("post", "get");
        let error = merge(&fragments(&format!("```json\n{SECURED}\n```\n```json\n{open_a}\n```\n"))).unwrap_err();
        assert!(
            error.to_string().contains("at /paths/~1a/get/security: the operation's fragments require different"),
            "{error}"
        );
    }

    #[test]
    fn disagreeing_info_is_an_error() {
        let other = A.replace(r#""version":"1""#, r#""version":"2""#).replace("/a", "/b");
        let error = merge(&fragments(&format!("```json\n{A}\n```\n```json\n{other}\n```\n"))).unwrap_err();
        assert!(error.to_string().ends_with("at /info: defined differently by two fragments"), "{error}");
        assert_eq!(error.sources.len(), 2);
    }

    #[test]
    fn conflicting_component_and_security_scheme_are_errors() {
        let with = |schema: &str| {
            format!(
                r#"{{"openapi":"3.0.0","info":{{"title":"T","version":"1"}},"paths":{{}},"components":{{"schemas":{{"X":{schema}}},"securitySchemes":{{"B":{{"type":"http","scheme":"bearer"}}}}}}}}"#
            )
        };
        let error = merge(&fragments(&format!(
            "```json\n{}\n```\n```json\n{}\n```\n",
            with(r#"{"type":"string"}"#),
            with(r#"{"type":"integer"}"#)
        )))
        .unwrap_err();
        assert!(error.to_string().contains("at /components/schemas/X: defined differently"), "{error}");
        let other_scheme = with(r#"{"type":"string"}"#).replace("bearer", "basic");
        let error = merge(&fragments(&format!(
            "```json\n{}\n```\n```json\n{other_scheme}\n```\n",
            with(r#"{"type":"string"}"#)
        )))
        .unwrap_err();
        assert!(error.to_string().contains("at /components/securitySchemes/B: defined differently"), "{error}");
    }
}
