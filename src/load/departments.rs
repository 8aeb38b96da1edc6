//! `content/departments.yaml`: the department categories staff keep, read and checked here;
//! placing an office name into one is the graph's work (`crate::graph::departments`).
//!
//! ```yaml
//! - slug: education
//!   name: 教育行政部门
//!   offices: [教体局, 教育体育局, 教育和体育局, 教育局]
//! - slug: finance
//!   name: 财政部门
//!   offices: [财政局]
//! ```
//!
//! The order of the list is the order of the departments page. A site without the file has
//! no categories.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Slug of the category for office names the mapping does not know; no entry may take it.
pub const OTHER: &str = "other";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// ASCII, used in the URL `departments/<slug>/`.
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Office names of this kind, as any county may print them.
    #[serde(default)]
    pub offices: Vec<String>,
    /// Name endings that mark this kind when no listed name matches: `镇` places 悦庄镇,
    /// `中学` places 石泉中学.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suffixes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Departments {
    pub categories: Vec<Category>,
    /// office name as listed → index into `categories`
    index: BTreeMap<String, usize>,
}

impl Departments {
    /// Build from categories; the same bare name listed under two categories is an error,
    /// since the office could then not be placed.
    pub fn new(categories: Vec<Category>) -> Result<Departments> {
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for (i, c) in categories.iter().enumerate() {
            if c.slug.is_empty()
                || !c
                    .slug
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            {
                bail!(
                    "department `{}`: slug `{}` must be lowercase ASCII letters, digits or `-`",
                    c.name,
                    c.slug
                );
            }
            if c.slug == OTHER {
                bail!("department slug `{OTHER}` is reserved for names no entry matches");
            }
            if categories[..i].iter().any(|p| p.slug == c.slug) {
                bail!("department slug `{}` is used twice", c.slug);
            }
            for o in &c.offices {
                if let Some(&j) = index.get(o) {
                    if j != i {
                        bail!(
                            "office name `{o}` is listed under both `{}` and `{}`",
                            categories[j].slug,
                            c.slug
                        );
                    }
                }
                index.insert(o.clone(), i);
            }
        }
        Ok(Departments { categories, index })
    }

    pub fn parse(path: &str, text: &str) -> Result<Departments> {
        let cats: Vec<Category> = serde_yaml::from_str(text).map_err(|e| {
            let line = e.location().map(|l| l.line()).unwrap_or(1);
            anyhow::anyhow!("{path}:{line}: {e}")
        })?;
        Departments::new(cats).map_err(|e| anyhow::anyhow!("{path}: {e}"))
    }

    /// Read `content/departments.yaml`; a site without the file has no categories, and every
    /// office is reported as unknown.
    pub fn load(content_dir: &Path) -> Result<Departments> {
        let path = content_dir.join("departments.yaml");
        if !path.exists() {
            return Ok(Departments::default());
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        Departments::parse(&path.display().to_string(), &text)
    }

    /// The category whose `offices` list `name` exactly as given.
    pub fn listed(&self, name: &str) -> Option<&Category> {
        self.index.get(name).map(|&i| &self.categories[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_files_name_the_line() {
        let e = Departments::parse(
            "d.yaml",
            "- slug: a\n  name: x\n  offices: [a]\n  colour: red\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("d.yaml:"), "{e}");
        assert!(e.contains("colour"), "{e}");
        let e = Departments::parse(
            "d.yaml",
            "- {slug: a, name: x, offices: [财政局]}\n- {slug: b, name: y, offices: [财政局]}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("财政局"), "{e}");
        assert!(Departments::parse("d.yaml", "- {slug: other, name: x, offices: []}\n").is_err());
        assert!(Departments::parse("d.yaml", "- {slug: 教育, name: x, offices: []}\n").is_err());
    }

    #[test]
    fn listed_names_only_as_written() {
        let d =
            Departments::parse("d.yaml", "- {slug: edu, name: 教育, offices: [教体局]}\n").unwrap();
        assert_eq!(d.listed("教体局").unwrap().slug, "edu");
        assert!(d.listed("县教体局").is_none());
    }
}
