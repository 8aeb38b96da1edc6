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
        toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1)
                .unwrap_or(1);
            anyhow::anyhow!("{}:{line}: {}", path.display(), e.message())
        })
    }

    pub fn default_for_test() -> Config {
        Config {
            base_url: "https://example.org/".into(),
            ..Config::default()
        }
    }
}
