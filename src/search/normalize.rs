//! Text normalisation shared by the index (here) and the browser (`search.js`).
//!
//! The fold is one character to one character, on purpose: positions in the normalised
//! text are then positions in the printed text, so the index can store positions and the
//! page can mark a match in the original without a position map. It covers what citizens
//! actually type differently from the printed plan:
//!
//! - full-width ASCII forms (`ＡＥＤ`, `５Ｇ`, `２０２５`, `（`) → half-width (the NFKC
//!   mapping of the U+FF01–U+FF5E block), ideographic and other spaces → `' '`;
//! - ASCII upper case → lower case (`AED` = `aed`);
//! - traditional → simplified characters, one character at a time (OpenCC's
//!   `TSCharacters` table via the `hanconv` crate; the first simplified form is taken).
//!
//! `search.js` implements the same function; the table it needs is written per site (only
//! the entries whose simplified form occurs in the site's text: any other traditional
//! character cannot match anything anyway).

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Traditional → simplified, single characters only (OpenCC `TSCharacters`).
static T2S: LazyLock<BTreeMap<char, char>> = LazyLock::new(|| {
    let mut m = BTreeMap::new();
    for (t, s) in hanconv::RawDictionary::TSCharacters.iter() {
        let (mut tc, mut sc) = (t.chars(), s.chars());
        if let (Some(a), None, Some(b), None) = (tc.next(), tc.next(), sc.next(), sc.next()) {
            if a != b {
                m.insert(a, b);
            }
        }
    }
    m
});

/// Characters that separate words for the index: no bigram spans one, and a query is split
/// at them into terms. Besides spaces, the punctuation of running text: a citizen pasting
/// `产教融合、校企合作` or typing `产教融合,校企合作` means both phrases, and bigrams such as
/// `。广` would only bloat the index. Punctuation inside numbers and codes (`.` `%` `-` `/`)
/// is kept so that `99.5%` and `2.0` stay one term.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | ','
            | ';'
            | ':'
            | '?'
            | '!'
            | '"'
            | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '。'
            | '、'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '「'
            | '」'
            | '『'
            | '』'
            | '…'
            | '—'
            | '·'
    )
}

/// Width and case folding only (no traditional → simplified).
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => {
            // The full-width ASCII block is ASCII shifted by a constant.
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |h| h.to_ascii_lowercase())
        }
        '\u{3000}' | '\u{00A0}' | '\t' | '\n' | '\r' | '\u{2002}'..='\u{200A}' => ' ',
        _ => c.to_ascii_lowercase(),
    }
}

/// The full fold of one character.
pub fn fold(c: char) -> char {
    let c = fold_width(c);
    // The index folds every character of the site once per group of shards: a flat table
    // of the Basic Multilingual Plane instead of the map's dozen comparisons (the fold was
    // 7 % of a 1,000-plan build with search).
    static BMP: LazyLock<Box<[char]>> = LazyLock::new(|| {
        let mut t: Vec<char> = (0..=0xFFFFu32)
            .map(|u| char::from_u32(u).unwrap_or('\u{FFFD}'))
            .collect();
        for (&from, &to) in T2S.iter() {
            if let Some(slot) = t.get_mut(from as usize) {
                *slot = to;
            }
        }
        t.into_boxed_slice()
    });
    match BMP.get(c as usize) {
        Some(&s) => s,
        None => T2S.get(&c).copied().unwrap_or(c),
    }
}

/// Normalise a text: one output character per input character.
pub fn normalize(s: &str) -> Vec<char> {
    s.chars().map(fold).collect()
}

/// The traditional → simplified entries the browser needs for a site whose normalised text
/// uses the characters in `used`.
pub fn t2s_for(used: &std::collections::BTreeSet<char>) -> BTreeMap<char, char> {
    T2S.iter()
        .filter(|(_, s)| used.contains(s))
        .map(|(t, s)| (*t, *s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).into_iter().collect()
    }

    #[test]
    fn full_width_and_case() {
        assert_eq!(n("５Ｇ基站"), "5g基站");
        assert_eq!(n("ＡＥＤ配置"), "aed配置");
        assert_eq!(n("２０２５年"), "2025年");
        assert_eq!(n("AED"), "aed");
        assert_eq!(n("（一）"), "(一)");
        assert_eq!(n("a\u{3000}b\nc"), "a b c");
    }

    #[test]
    fn traditional_to_simplified() {
        assert_eq!(n("心理健康"), "心理健康");
        assert_eq!(n("縣管校聘"), "县管校聘");
        assert_eq!(n("產教融合"), "产教融合");
        assert_eq!(n("財政局"), "财政局");
        assert_eq!(n("雙減"), "双减");
        assert_eq!(n("特殊教育"), "特殊教育");
    }

    #[test]
    fn one_char_per_char() {
        for s in ["ＡＢＣ１２３", "縣管校聘 教育", "①②（1）5G", "\u{20000}𠀀"] {
            assert_eq!(normalize(s).len(), s.chars().count(), "{s}");
        }
    }

    #[test]
    fn table_is_limited_to_used_characters() {
        let used: std::collections::BTreeSet<char> = n("县管校聘").chars().collect();
        let t = t2s_for(&used);
        assert_eq!(t.get(&'縣'), Some(&'县'));
        assert!(t.values().all(|s| used.contains(s)));
        assert!(!t.contains_key(&'財'));
    }
}
