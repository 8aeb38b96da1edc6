//! Printed numbering labels of Chinese government documents: `一、`, `（一）`, `1.`, `1．`,
//! `（1）`, `①`, `第一章`, `第一节`, `第一条`, `一要`, `一是`, half-width `(一)` and `1)`.
//!
//! Shared by the importer (to find structure in raw text) and the content loader (to read a
//! heading back into label and title), so both agree on what a label is.

use regex::Regex;
use std::sync::LazyLock;

/// The numbering styles, from outermost to innermost as they usually nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// 第一章 / 第一部分
    Chapter,
    /// 第一节
    Jie,
    /// 第一条 (articles of 办法-style measures)
    Tiao,
    /// 一、
    Han,
    /// （一） or (一)
    ParenHan,
    /// 1. 1． 1、
    Arabic,
    /// （1） or (1) or 1)
    ParenArabic,
    /// ① ② …
    Circled,
    /// 一要 / 一是 (inline items)
    Inline,
}

/// A label found at the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label<'a> {
    pub style: Style,
    /// The label as printed, including its punctuation.
    pub text: &'a str,
    /// The number it denotes (1-based).
    pub number: u32,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        r"(?P<chap>第(?P<chapn>[一二三四五六七八九十百零〇两]+)(?:章|部分)\s*)",
        r"|(?P<jie>第(?P<jien>[一二三四五六七八九十百零〇两]+)节\s*)",
        r"|(?P<tiao>第(?P<tiaon>[一二三四五六七八九十百零〇两]+)条[\s　：:]*)",
        r"|(?P<han>(?P<hann>[一二三四五六七八九十]+)[、，.．]\s*)",
        r"|(?P<phan>[（(]\s*(?P<phann>[一二三四五六七八九十]+)\s*[）)][、，.．]?\s*)",
        r"|(?P<pnum>[（(]\s*(?P<pnumn>[0-9０-９]{1,3})\s*[）)][、.．]?\s*)",
        r"|(?P<rnum>(?P<rnumn>[0-9０-９]{1,3})[)）]\s*)",
        r"|(?P<num>(?P<numn>[0-9０-９]{1,3})(?:[.．、](?:\s+|[^0-9０-９.．]|$)))",
        r"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*)",
        // One-character forms Word's numbering leaves in exports: ⑴ … ⒇ and ⒈ … ⒛.
        r"|(?P<pchr>[⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇]\s*)",
        r"|(?P<dchr>[⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛]\s*)",
        r"|(?P<inl>(?P<inln>[一二三四五六七八九十]+)(?:要|是)(?:[：:，,]?))",
        r")"
    ))
    .expect("label regex")
});

/// What follows `一、` when the numeral starts a list like `一、二年级`, `一、二类`.
static NUMERAL_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[一二三四五六七八九十]+(?:、[一二三四五六七八九十]+)*(?:年级|类|级|等|批|期|星|档|线|孩)")
        .expect("numeral list regex")
});

/// See [`crate::model::warm`].
pub(crate) fn warm() {
    LazyLock::force(&LABEL);
    LazyLock::force(&NUMERAL_LIST);
}

/// Parse a Chinese numeral up to 99 (一 … 九十九), also 〇/零 and 两.
pub fn han_number(s: &str) -> Option<u32> {
    let d = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '零' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [] => None,
        ['十'] => Some(10),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        [a] => d(*a),
        _ => None,
    }
}

/// A number as a Chinese numeral up to 99 (二十七), the reverse of [`han_number`]; larger
/// numbers in digits.
pub fn han(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ if n.is_multiple_of(10) && n < 100 => format!("{}十", D[(n / 10) as usize]),
        _ if n < 100 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

pub fn arabic_number(s: &str) -> Option<u32> {
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    ascii.parse().ok()
}

/// Recognise a label at the start of `text`. Inline labels (`一要`) are only returned when
/// `inline` is true, since `一是` also starts ordinary sentences.
pub fn parse(text: &str, inline: bool) -> Option<Label<'_>> {
    let c = LABEL.captures(text)?;
    let whole = c.get(0)?;
    let (style, number) = if c.name("chap").is_some() {
        (Style::Chapter, han_number(c.name("chapn")?.as_str())?)
    } else if c.name("jie").is_some() {
        (Style::Jie, han_number(c.name("jien")?.as_str())?)
    } else if c.name("tiao").is_some() {
        (Style::Tiao, han_number(c.name("tiaon")?.as_str())?)
    } else if c.name("han").is_some() {
        // `一、二年级不布置书面作业`: a list of numerals in running text, not a label.
        let rest = &text[whole.end()..];
        if NUMERAL_LIST.is_match(rest) {
            return None;
        }
        (Style::Han, han_number(c.name("hann")?.as_str())?)
    } else if c.name("phan").is_some() {
        (Style::ParenHan, han_number(c.name("phann")?.as_str())?)
    } else if c.name("pnum").is_some() {
        (
            Style::ParenArabic,
            arabic_number(c.name("pnumn")?.as_str())?,
        )
    } else if c.name("rnum").is_some() {
        (
            Style::ParenArabic,
            arabic_number(c.name("rnumn")?.as_str())?,
        )
    } else if c.name("num").is_some() {
        let n = c.name("numn")?;
        (Style::Arabic, arabic_number(n.as_str())?)
    } else if c.name("circ").is_some() {
        let ch = whole.as_str().chars().next()?;
        (Style::Circled, ch as u32 - '①' as u32 + 1)
    } else if c.name("pchr").is_some() {
        let ch = whole.as_str().chars().next()?;
        (Style::ParenArabic, ch as u32 - '⑴' as u32 + 1)
    } else if c.name("dchr").is_some() {
        let ch = whole.as_str().chars().next()?;
        (Style::Arabic, ch as u32 - '⒈' as u32 + 1)
    } else if c.name("inl").is_some() {
        if !inline {
            return None;
        }
        (Style::Inline, han_number(c.name("inln")?.as_str())?)
    } else {
        return None;
    };
    let mut end = whole.end();
    if c.name("num").is_some() {
        // The regex consumed one character after the dot to rule out decimals; give it back.
        let m = whole.as_str();
        let dot = m
            .char_indices()
            .find(|(_, ch)| matches!(ch, '.' | '．' | '、'))
            .map(|(i, ch)| i + ch.len_utf8())?;
        let rest = &m[dot..];
        end = dot + (rest.len() - rest.trim_start().len());
    }
    Some(Label {
        style,
        text: &text[..end],
        number,
    })
}

/// Split a heading into (label, title). No label: ("", text).
pub fn split(text: &str) -> (&str, &str) {
    match parse(text, true) {
        Some(l) => (l.text, &text[l.text.len()..]),
        None => ("", text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_numerals_both_ways() {
        for (n, h) in [
            (0, "零"),
            (7, "七"),
            (10, "十"),
            (18, "十八"),
            (30, "三十"),
            (99, "九十九"),
        ] {
            assert_eq!(han(n), h);
            assert_eq!(han_number(h), Some(n));
        }
        assert_eq!(han(100), "100");
    }

    #[test]
    fn labels() {
        let cases: &[(&str, Style, &str, u32)] = &[
            ("一、总体要求", Style::Han, "一、", 1),
            ("十二、保障", Style::Han, "十二、", 12),
            ("（十八）强化", Style::ParenHan, "（十八）", 18),
            ("(三)半角", Style::ParenHan, "(三)", 3),
            ("1.坚持", Style::Arabic, "1.", 1),
            ("27．完善", Style::Arabic, "27．", 27),
            ("１．全角数字", Style::Arabic, "１．", 1),
            ("3、顿号", Style::Arabic, "3、", 3),
            ("（2）括号", Style::ParenArabic, "（2）", 2),
            ("2)半括号", Style::ParenArabic, "2)", 2),
            ("③圈", Style::Circled, "③", 3),
            ("⑵括号字符", Style::ParenArabic, "⑵", 2),
            ("⒓点字符", Style::Arabic, "⒓", 12),
            ("第三章 发展", Style::Chapter, "第三章 ", 3),
            ("第二节 目标", Style::Jie, "第二节 ", 2),
            ("一要统筹", Style::Inline, "一要", 1),
            ("二是加强", Style::Inline, "二是", 2),
        ];
        for (t, s, l, n) in cases {
            let got = parse(t, true).unwrap_or_else(|| panic!("no label in {t}"));
            assert_eq!((got.style, got.text, got.number), (*s, *l, *n), "{t}");
        }
        for t in [
            "99.0",
            "0.31",
            "95.95",
            "2025年",
            "1-2项",
            "一流学校",
            "十四五",
            "一、二年级不布置书面家庭作业",
            "二、三类学校",
        ] {
            assert!(parse(t, true).is_none(), "{t} is not a label");
        }
        assert!(parse("一要统筹", false).is_none());
        assert_eq!(split("全面实施教育保障"), ("", "全面实施教育保障"));
    }
}
