//! Words of names as a person reads them: the pieces naming compares, so that `api-keys`,
//! `API Keys`, `apiKeys` and `ApiKey` name one thing.

/// The words of a name written by a person: split at anything not a letter or digit and
/// where a lowercase letter meets an uppercase one (`listForOrg`), never inside an acronym
/// or before a plural `s` (`IPs`, `VPCs`, `OAuth` stay whole). Lowercase.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for token in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()) {
        let mut current = String::new();
        let mut previous: Option<char> = None;
        for c in token.chars() {
            if previous.is_some_and(|p| p.is_ascii_lowercase() && c.is_ascii_uppercase()) {
                words.push(std::mem::take(&mut current));
            }
            current.push(c.to_ascii_lowercase());
            previous = Some(c);
        }
        words.push(current);
    }
    words
}

/// The singular of an English plural, good enough to compare names: `policies` -> `policy`,
/// `addresses` -> `address`, `devices` -> `device`, `people` -> `person`, `status` and
/// `class` stay.
pub fn singular(word: &str) -> String {
    if word == "people" {
        return "person".into();
    }
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    if is_plural(word) {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// True for a word that reads as a plural: ends in `s`, but not in `ss`, `us` or `is`
/// (`class`, `status`, `analysis`), and is longer than three letters (`aws`, `dns`, `ips`
/// are as likely acronyms); and `people`, the one irregular plural paths use often.
pub fn is_plural(word: &str) -> bool {
    let regular = word.len() > 3 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|end| word.ends_with(end));
    regular || word == "people"
}

/// True when `word` and `other` name the same thing, singular or plural.
pub fn same_word(word: &str, other: &str) -> bool {
    word == other || singular(word) == singular(other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_acronyms_and_plurals_whole() {
        assert_eq!(words("Labels - IPs"), ["labels", "ips"]);
        assert_eq!(words("Traffic Sources - VPCs"), ["traffic", "sources", "vpcs"]);
        assert_eq!(words("OAuth Delegations"), ["oauth", "delegations"]);
        assert_eq!(words("listForOrg"), ["list", "for", "org"]);
        assert_eq!(words("repos/list-for-org"), ["repos", "list", "for", "org"]);
        assert_eq!(words("v1_api_keys_appname_regen_put"), ["v1", "api", "keys", "appname", "regen", "put"]);
        assert_eq!(words("getHTTPServer2Status"), ["get", "httpserver2status"]);
        assert_eq!(words("3D models"), ["3d", "models"]);
    }

    #[test]
    fn singulars() {
        for (plural, single) in
            [("policies", "policy"), ("devices", "device"), ("addresses", "address"), ("vpcs", "vpc")]
        {
            assert_eq!(singular(plural), single);
        }
        for word in ["status", "class", "analysis", "s", "as", "aws", "dns"] {
            assert_eq!(singular(word), word);
        }
        assert!(same_word("vpcs", "vpc") && !same_word("thresholder", "thresholds"));
    }
}
