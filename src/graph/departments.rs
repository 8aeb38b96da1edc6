//! Department categories: which kind of office a name denotes, so the same kind of office can
//! be shown across counties (教体局 in 石泉, 教育体育局 in 泾源, 教育和体育局 in 沂源 are each
//! their county's education bureau). The categories are `content/departments.yaml`, read by
//! the load stage ([`crate::load::departments`]); placing an office here is a fact of the graph.
//!
//! Names are matched after taking off the county's own name and the level prefixes (县, 县委,
//! 县人民政府, …), so `泾源县教育体育局`, `县教育体育局` and `教育体育局` all match
//! `教育体育局`. A name no entry matches falls into [`OTHER`] and is reported by the build.

pub use crate::load::departments::{Category, Departments, OTHER};

/// Display name of the [`OTHER`] category.
pub const OTHER_NAME: &str = "其他";

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
    /// The category of office `name` in county `region`, or `None` when no entry matches.
    /// Listed names win over suffixes; among suffixes the longest match wins.
    pub fn category(&self, region: &str, name: &str) -> Option<&Category> {
        let forms = bare_forms(region, name);
        if let Some(c) = forms.iter().find_map(|f| self.listed(f)) {
            return Some(c);
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
}
