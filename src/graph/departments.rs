//! Department categories (`content/departments.yaml`): which kind of office a name denotes,
//! so the same kind of office can be shown across counties (教体局 in 石泉, 教育体育局 in 泾源,
//! 教育和体育局 in 沂源 are each their county's education bureau).
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
//! Staff edit this file; the order of the list is the order of the departments page. Names
//! are matched after taking off the county's own name and the level prefixes (县, 县委,
//! 县人民政府, …), so `泾源县教育体育局`, `县教育体育局` and `教育体育局` all match
//! `教育体育局`. A name no entry matches falls into [`OTHER`] and is reported by the build.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Slug of the category for office names the mapping does not know.
pub const OTHER: &str = "other";
/// Its display name.
pub const OTHER_NAME: &str = "其他";

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
    /// bare office name (prefixes taken off) → index into `categories`
    index: BTreeMap<String, usize>,
}

/// Level prefixes a county-level office name may carry, longest first so `县人民政府办`
/// loses `县人民政府`, not just `县`.
const LEVELS: [&str; 4] = ["县", "区", "市", "旗"];
const ORGANS: [&str; 4] = ["人民政府", "政府", "委", ""];

/// The forms of `name` to try, most specific first: as printed, without the county's own
/// name, then without a level prefix (县委统战部 → 统战部).
pub fn bare_forms(region: &str, name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    let mut rest = name;
    // 泾源县教育体育局 → 教育体育局; also the short form 泾源教育体育局.
    let short = LEVELS
        .iter()
        .find_map(|l| region.strip_suffix(l))
        .unwrap_or(region);
    for r in [region, short] {
        if !r.is_empty() {
            if let Some(s) = rest.strip_prefix(r) {
                if !s.is_empty() {
                    rest = s;
                    out.push(rest.to_string());
                    break;
                }
            }
        }
    }
    'outer: for l in LEVELS {
        for o in ORGANS {
            let p = format!("{l}{o}");
            if let Some(s) = rest.strip_prefix(p.as_str()) {
                if !s.is_empty() {
                    out.push(s.to_string());
                    break 'outer;
                }
            }
        }
    }
    out.dedup();
    out
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

    /// The category of office `name` in county `region`, or `None` when no entry matches.
    /// Listed names win over suffixes; among suffixes the longest match wins.
    pub fn category(&self, region: &str, name: &str) -> Option<&Category> {
        let forms = bare_forms(region, name);
        if let Some(&i) = forms.iter().find_map(|f| self.index.get(f)) {
            return Some(&self.categories[i]);
        }
        // Against the name as printed: 石泉中学 is a school although 中学 alone is no name.
        let name = forms.first()?;
        self.categories
            .iter()
            .flat_map(|c| c.suffixes.iter().map(move |s| (s, c)))
            .filter(|(s, _)| !s.is_empty() && name.ends_with(s.as_str()) && name != *s)
            .max_by_key(|(s, _)| s.chars().count())
            .map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps() -> Departments {
        Departments::parse(
            "d.yaml",
            "- slug: education\n  name: 教育\n  offices: [教体局, 教育体育局, 教育和体育局, 教育局]\n\
             - slug: united-front\n  name: 统战\n  offices: [统战部]\n\
             - slug: market\n  name: 市场监管\n  offices: [市场监管局]\n",
        )
        .unwrap()
    }

    #[test]
    fn prefixes_are_taken_off() {
        let d = deps();
        for n in [
            "县教体局",
            "教育体育局",
            "县教育和体育局",
            "泾源县教育局",
            "泾源教育局",
        ] {
            assert_eq!(
                d.category("泾源县", n).map(|c| c.slug.as_str()),
                Some("education"),
                "{n}"
            );
        }
        assert_eq!(
            d.category("泾源县", "县委统战部").unwrap().slug,
            "united-front"
        );
        assert_eq!(
            d.category("泾源县", "县人民政府统战部").unwrap().slug,
            "united-front"
        );
        // 市 is a level prefix, but 市场监管局 must still match as printed.
        assert_eq!(d.category("某市", "市场监管局").unwrap().slug, "market");
        assert_eq!(d.category("某市", "市市场监管局").unwrap().slug, "market");
        assert!(d.category("泾源县", "县委").is_none());
        let d = Departments::parse(
            "d.yaml",
            "- {slug: towns, name: 乡镇, offices: [各乡镇], suffixes: [镇, 乡]}\n\
             - {slug: schools, name: 学校, suffixes: [学校, 中学, 小学]}\n\
             - {slug: gov, name: 政府, offices: [镇政府]}\n",
        )
        .unwrap();
        assert_eq!(d.category("沂源县", "悦庄镇").unwrap().slug, "towns");
        assert_eq!(d.category("石泉县", "石泉中学").unwrap().slug, "schools");
        assert_eq!(d.category("石泉县", "镇政府").unwrap().slug, "gov");
        assert!(d.category("石泉县", "镇").is_none());
        assert!(d.category("泾源县", "团县委").is_none());
    }

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
}
