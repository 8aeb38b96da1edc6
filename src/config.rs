//! Site settings from `planpress.toml`. Unknown keys are rejected so a typo is an error,
//! not a silently ignored setting.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site title shown in the header and feed.
    pub title: String,
    /// Absolute URL the site is served from, e.g. `https://www.example.gov.cn/ghjh/`.
    /// Used for canonical URLs, the sitemap and the feed; pages link relatively so the
    /// site also works from a sub-path or from disk.
    pub base_url: String,
    pub language: String,
    /// Footer line, e.g. the publishing office.
    pub footer: String,
    /// Site description for the home page and feed.
    pub description: String,
    /// Most entries a site-wide page (责任单位, 部门类别, 时间表, a year, 目标指标) lists
    /// inline. Past it the page lists counties or plans with counts, each linking to its own
    /// page: a province's worth on one page is tens of megabytes, which no phone opens.
    pub list_max: usize,
    /// Terms of reuse for the published text and data (e.g. a licence's name), shown on the
    /// `data/` page and in `datapackage.json`; empty: the footer stands for it.
    pub licence: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "县域教育规划公开".into(),
            base_url: "http://localhost:8000/".into(),
            language: "zh-CN".into(),
            footer: String::new(),
            description: "县级教育规划、行动计划和实施方案的公开文本：逐条可引用，责任单位和完成时限一目了然。".into(),
            list_max: 2000,
            licence: String::new(),
        }
    }
}

impl Config {
    /// Read `planpress.toml` from the site root; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("planpress.toml");
        if !path.exists() {
            return Ok(Config::default());
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
        let config: Config = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| line_of(s.start)).unwrap_or(1);
            anyhow::anyhow!("{}:{line}: {}", path.display(), e.message())
        })?;
        if let Err(why) = check_base_url(&config.base_url) {
            // Parsed again for the key's position only (the value above has none).
            #[derive(Deserialize)]
            struct Where {
                base_url: Option<toml::Spanned<String>>,
            }
            let line = toml::from_str::<Where>(&text)
                .ok()
                .and_then(|w| w.base_url)
                .map(|b| line_of(b.span().start))
                .unwrap_or(1);
            anyhow::bail!("{}:{line}: base_url {why}", path.display());
        }
        Ok(config)
    }

    pub fn default_for_test() -> Config {
        Config {
            base_url: "https://example.org/".into(),
            ..Config::default()
        }
    }
}

/// Where a base URL error says how to write it.
const BASE_URL_EXAMPLE: &str = "write it as https://www.example.gov.cn/ghjh/";

/// Check a base URL (`base_url` in planpress.toml, `--base-url`): an absolute `http://` or
/// `https://` URL with a host, and a path without `?`, `#`, `//`, spaces or quotes. Canonical
/// links, the sitemap, the feed and the 404 page's links (scripts included) are made from
/// it, so anything else would send readers, or load script, from somewhere else. The error
/// is the text after `base_url` / `--base-url`.
pub fn check_base_url(url: &str) -> std::result::Result<(), String> {
    let u = url.trim();
    let bad = |why: &str| Err(format!("{url:?} {why}; {BASE_URL_EXAMPLE}"));
    let lower = u.to_ascii_lowercase();
    let rest = match ["https://", "http://"]
        .iter()
        .find(|p| lower.starts_with(*p))
    {
        Some(p) => &u[p.len()..],
        None => return bad("is not an absolute http:// or https:// URL"),
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.is_empty()
        || host.starts_with(':')
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || "-._~:[]%".contains(c))
    {
        return bad("has no host name (or one with characters a host cannot have)");
    }
    if path.contains("//") {
        return bad("has `//` in its path");
    }
    if let Some(c) = path
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "?#\"'<>\\^`{|}".contains(*c))
    {
        return bad(&format!("has {c:?} in its path"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        for ok in [
            "https://www.example.gov.cn/ghjh/",
            "http://localhost:8000/",
            "http://127.0.0.1:8000",
            "HTTPS://Example.org/a/b",
            "https://[::1]:8443/x/",
            "https://例子.中国/规划/",
            "https://example.org/a%20b/",
            " https://example.org/ ",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "not a url",
            "//host/",
            "/ghjh/",
            "www.example.gov.cn/ghjh/",
            "javascript:alert(1)//",
            "ftp://example.org/",
            "https://",
            "https:///x/",
            "https://:80/",
            "https://user@evil.example/",
            "https://example.org//evil.example/",
            "https://example.org/a b/",
            "https://example.org/?q=1",
            "https://example.org/#x",
            "https://example.org/\"><script>",
            "https://example.org/\\evil/",
            "https://exa mple.org/",
            "https://example.org/\x01",
        ] {
            let e = check_base_url(bad).unwrap_err();
            assert!(e.ends_with(BASE_URL_EXAMPLE), "{bad}: {e}");
        }
    }

    #[test]
    fn a_bad_base_url_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("planpress.toml"),
            "title = \"县\"\n\nbase_url = \"not a url\"\n",
        )
        .unwrap();
        let e = Config::load(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("planpress.toml:3: base_url \"not a url\""),
            "{e}"
        );
        assert!(
            e.ends_with("write it as https://www.example.gov.cn/ghjh/"),
            "{e}"
        );
    }
}
