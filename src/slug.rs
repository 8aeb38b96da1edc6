//! ASCII slugs for URLs: pinyin without tones, lowercase, `-` between syllables.
//!
//! Pinyin without tones collides (公示/公式 are both gong-shi); callers that need unique
//! slugs use [`Unique`], which resolves collisions deterministically by suffixing `-2`, `-3`
//! in the order names are offered (callers offer them sorted).

use anyhow::{Context, Result};
use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `泾源县` → `jing-yuan-xian`. ASCII letters and digits are kept; anything else that has
/// no pinyin becomes a separator.
pub fn slugify(s: &str) -> String {
    // Each Chinese character is its own syllable; a run of ASCII letters/digits is one piece.
    let mut pieces: Vec<String> = Vec::new();
    let mut ascii_run = String::new();
    for (c, py) in s.chars().zip(s.to_pinyin()) {
        if c.is_ascii_alphanumeric() {
            ascii_run.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii_run.is_empty() {
            pieces.push(std::mem::take(&mut ascii_run));
        }
        if let Some(p) = py {
            // 旅 is lü: URLs stay ASCII, and `v` is how pinyin keyboards type ü.
            pieces.push(p.plain().replace('ü', "v"));
        }
    }
    if !ascii_run.is_empty() {
        pieces.push(ascii_run);
    }
    if pieces.is_empty() {
        "x".to_string()
    } else {
        pieces.join("-")
    }
}

/// Names Windows refuses as file names (with any extension): a site copied to a Windows
/// share or zipped for one would lose these folders.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether `name` may be one segment of a published path (a plan slug, a page name, a
/// clause id): ASCII letters, digits, `-` and `_`, at most [`MAX_NAME_BYTES`] long, not a
/// name Windows reserves. `Err` says what is wrong, for a `file:line:` message.
///
/// [`MAX_NAME_BYTES`]: crate::limits::MAX_NAME_BYTES
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("is empty".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "holds `{c}`: use only ASCII letters, digits, `-` and `_`"
        ));
    }
    if name.len() > crate::limits::MAX_NAME_BYTES {
        return Err(format!(
            "is {} characters long; at most {} are allowed",
            name.len(),
            crate::limits::MAX_NAME_BYTES
        ));
    }
    if WINDOWS_RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
        return Err("is a name Windows reserves for a device; choose another".into());
    }
    Ok(())
}

/// `s` cut to at most [`MAX_NAME_BYTES`] at a `-` boundary (long pinyin slugs of
/// unrecognised regions or titles).
///
/// [`MAX_NAME_BYTES`]: crate::limits::MAX_NAME_BYTES
pub fn truncate(s: &str) -> String {
    let max = crate::limits::MAX_NAME_BYTES - 8; // room for a `-2024` year and a `-12` suffix
    if s.len() <= max {
        return s.to_string();
    }
    let cut = &s[..max];
    let cut = match cut.rfind('-') {
        Some(i) if i > 0 => &cut[..i],
        _ => cut,
    };
    cut.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn names() {
        for ok in [
            "jing-yuan-xian-2023",
            "3-2-5",
            "annex2-7",
            "a_b",
            "console",
            "com10",
        ] {
            assert_eq!(check_name(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "../x", "/tmp/x", "a.b", "泾源", "a b", "CON", "nul", "Lpt1", "x%2F",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        let long = "a".repeat(crate::limits::MAX_NAME_BYTES + 1);
        assert!(check_name(&long).is_err());
        assert!(check_name(&long[1..]).is_ok());
        let t = truncate(&"zhong-hua-ren-min-gong-he-guo-".repeat(10));
        assert!(
            t.len() <= crate::limits::MAX_NAME_BYTES - 8 && !t.ends_with('-'),
            "{t}"
        );
    }
}

/// The URL names given to counties and offices, as published: `content/urls.yaml`.
///
/// A published URL is a promise, so a name keeps the slug it was first given even when a
/// later plan brings a name with the same pinyin (井源县 beside 泾源县): the newcomer gets the
/// suffix. Names are never dropped from the record, so a slug once used is never handed to
/// another name. `planpress build` reads it, adds what is new and writes it back.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Record {
    pub counties: BTreeMap<String, CountyRecord>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyRecord {
    pub slug: String,
    #[serde(default)]
    pub offices: BTreeMap<String, String>,
}

/// The first lines of `content/urls.yaml`, for the staff member who opens it.
const RECORD_HEADER: &str = "\
# The URL name of every county and office this site has published, written by
# `planpress build`. Commit it with the content: it keeps each URL pointing at the same
# county or office when plans with similar-sounding names are added. Changing a name here
# moves that URL.
";

impl Record {
    /// Read the record; a missing file is an empty record. Every slug is checked
    /// ([`check_name`]) and unique among its peers, with `file:line` in errors.
    pub fn read(path: &Path) -> Result<Record> {
        if !path.exists() {
            return Ok(Record::default());
        }
        let text = crate::limits::read_text(path)?;
        let r: Record = serde_yaml::from_str(&text).map_err(|e| {
            let line = e.location().map(|l| l.line()).unwrap_or(1);
            anyhow::anyhow!("{}:{line}: {e}", path.display())
        })?;
        let line_of = |slug: &str| {
            text.lines()
                .position(|l| l.trim_end().ends_with(&format!(": {slug}")))
                .map(|i| i + 1)
                .unwrap_or(1)
        };
        let check = |slug: &str, name: &str, seen: &mut BTreeMap<String, String>| {
            check_name(slug).map_err(|why| {
                anyhow::anyhow!("{}:{}: slug `{slug}` {why}", path.display(), line_of(slug))
            })?;
            if let Some(other) = seen.insert(slug.to_string(), name.to_string()) {
                anyhow::bail!(
                    "{}:{}: slug `{slug}` is given to both {other} and {name}; one of them needs another",
                    path.display(),
                    line_of(slug)
                );
            }
            Ok(())
        };
        let mut counties = BTreeMap::new();
        for (county, c) in &r.counties {
            check(&c.slug, county, &mut counties)?;
            let mut offices = BTreeMap::new();
            for (office, slug) in &c.offices {
                check(slug, office, &mut offices)?;
            }
        }
        Ok(r)
    }

    /// The record as file text (deterministic).
    pub fn to_text(&self) -> Result<String> {
        let yaml = serde_yaml::to_string(self).context("serialising urls.yaml")?;
        Ok(format!("{RECORD_HEADER}{yaml}"))
    }

    /// Slugs for `counties` (county → its office names), taking recorded slugs first and
    /// giving new names free ones; the record grows by the new names.
    pub fn assign<'a, O>(&mut self, counties: impl IntoIterator<Item = (&'a str, O)>)
    where
        O: IntoIterator<Item = &'a str>,
    {
        let mut county_taken: BTreeSet<String> =
            self.counties.values().map(|c| c.slug.clone()).collect();
        for (county, offices) in counties {
            let entry = match self.counties.get_mut(county) {
                Some(e) => e,
                None => {
                    let slug = free(&county_taken, slugify(county));
                    county_taken.insert(slug.clone());
                    self.counties
                        .entry(county.to_string())
                        .or_insert(CountyRecord {
                            slug,
                            offices: BTreeMap::new(),
                        })
                }
            };
            let mut taken: BTreeSet<String> = entry.offices.values().cloned().collect();
            for office in offices {
                if !entry.offices.contains_key(office) {
                    let slug = free(&taken, slugify(office));
                    taken.insert(slug.clone());
                    entry.offices.insert(office.to_string(), slug);
                }
            }
        }
    }
}

/// `base`, or `base-2`, `base-3`… whichever is free and a valid name.
fn free(taken: &BTreeSet<String>, base: String) -> String {
    let base = truncate(&base);
    let mut s = base.clone();
    let mut k = 2;
    while taken.contains(&s) || check_name(&s).is_err() {
        s = format!("{base}-{k}");
        k += 1;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("泾源县"), "jing-yuan-xian");
        assert_eq!(slugify("县委统战部"), "xian-wei-tong-zhan-bu");
        assert_eq!(slugify("文旅局"), "wen-lv-ju");
        assert!(slugify("绿色女子旅游局").is_ascii());
    }

    #[test]
    fn recorded_slugs_stay() {
        let mut r = Record::default();
        r.assign([("泾源县", vec!["县委统战部", "县公示局"])]);
        let first = r.clone();
        // A county and an office with the same pinyin arrive later, sorted before the old ones.
        r.assign([
            ("井源县", vec!["县公式局"]),
            ("泾源县", vec!["县公式局", "县公示局", "县委统战部"]),
        ]);
        assert_eq!(r.counties["泾源县"].slug, "jing-yuan-xian");
        assert_eq!(r.counties["井源县"].slug, "jing-yuan-xian-2");
        assert_eq!(r.counties["泾源县"].offices["县公示局"], "xian-gong-shi-ju");
        assert_eq!(
            r.counties["泾源县"].offices["县公式局"],
            "xian-gong-shi-ju-2"
        );
        let mut before = r.counties["泾源县"].offices.clone();
        before.remove("县公式局");
        assert_eq!(first.counties["泾源县"].offices, before);

        let text = r.to_text().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("urls.yaml");
        std::fs::write(&p, &text).unwrap();
        assert_eq!(Record::read(&p).unwrap(), r);
        std::fs::write(&p, text.replace("jing-yuan-xian-2", "jing-yuan-xian")).unwrap();
        let e = Record::read(&p).unwrap_err().to_string();
        assert!(e.contains("urls.yaml:") && e.contains("both"), "{e}");
        std::fs::write(&p, text.replace("jing-yuan-xian-2", "../x")).unwrap();
        assert!(Record::read(&p).is_err());
    }
}
