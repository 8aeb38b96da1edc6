//! ASCII slugs for URLs: pinyin without tones, lowercase, `-` between syllables.
//!
//! Pinyin without tones collides (公示/公式 are both gong-shi); callers that need unique
//! slugs use [`Unique`], which resolves collisions deterministically by suffixing `-2`, `-3`
//! in the order names are offered (callers offer them sorted).

use pinyin::ToPinyin;
use std::collections::{BTreeMap, BTreeSet};

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

/// Hands out unique slugs: the same name always gets the same slug; two names with the
/// same pinyin get `slug` and `slug-2`.
#[derive(Debug, Default, Clone)]
pub struct Unique {
    by_name: BTreeMap<String, String>,
    taken: BTreeSet<String>,
}

impl Unique {
    pub fn get(&mut self, name: &str) -> String {
        self.get_with(name, slugify(name))
    }

    /// Like [`Unique::get`] with a preferred slug (e.g. from front matter).
    pub fn get_with(&mut self, name: &str, base: String) -> String {
        if let Some(s) = self.by_name.get(name) {
            return s.clone();
        }
        let mut s = base.clone();
        let mut k = 2;
        while self.taken.contains(&s) {
            s = format!("{base}-{k}");
            k += 1;
        }
        self.taken.insert(s.clone());
        self.by_name.insert(name.to_string(), s.clone());
        s
    }
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
        let mut u = Unique::default();
        assert_eq!(u.get("公示"), "gong-shi");
        assert_eq!(u.get("公式"), "gong-shi-2");
        assert_eq!(u.get("公示"), "gong-shi");
    }
}
