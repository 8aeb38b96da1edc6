//! Plan metadata from the title lines: status (征求意见稿 …), period (`2024—2027年`,
//! `十四五`), region (county) and the slug.

use super::decode::normalize_title;
use crate::doc::{Meta, Status};
use crate::label::han_number;
use regex::Regex;
use std::sync::LazyLock;

static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(]?\s*(征求意见稿|意见征求稿|征求意见版|送审稿|讨论稿|草案|修改稿|修订稿|修订草案)\s*[）)]?")
        .expect("status regex")
});
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]+\s*((?:19|20)\d{2})\s*年?")
        .expect("span regex")
});
static FIVE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(十[一二三四五六七八九]?)五(?:”|\x22|规划|时期|期间)|第([一二三四五六七八九十]+)个五年",
    )
    .expect("five-year regex")
});
static REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:中共)?(\p{Han}{1,5}?(?:自治县|自治旗|县|市|区|旗))").expect("region regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").expect("year regex"));

/// Whether a paragraph is only a status note such as `（征求意见稿）`.
pub fn status_line(s: &str) -> Option<String> {
    let t = normalize_title(s);
    let m = STATUS.captures(&t)?;
    if m.get(0)?.as_str().chars().count() == t.chars().count() {
        Some(m[1].to_string())
    } else {
        None
    }
}

/// A paragraph that is a sentence of text, not a title: it holds a full stop, ends like a
/// clause (`，`/`；`/`：`) or is longer than any title.
pub fn sentence_like(s: &str) -> bool {
    let t = s.trim();
    t.contains(['。', '！', '？'])
        || t.ends_with(['，', ',', '；', ';', '：', ':'])
        || t.chars().count() > 100
}

/// Words that open a sentence: a "county" matched after them is a fragment (`为促进全县`).
const SENTENCE_OPENERS: &[&str] = &[
    "为",
    "关于",
    "按照",
    "根据",
    "依据",
    "结合",
    "在",
    "对",
    "把",
    "经",
    "由",
    "加快",
    "推进",
    "促进",
    "推动",
    "坚持",
    "全面",
    "进一步",
];

/// Whether `next` continues a plan title broken over lines: the title does not yet end in
/// a document kind (规划, 方案 …) and `next` is a short fragment that does.
pub fn title_continues(title: &str, next: &str) -> bool {
    const KINDS: &[&str] = &[
        "规划", "方案", "计划", "意见", "办法", "纲要", "要点", "清单", "细则", "措施", "通知",
        "行动", "）", ")",
    ];
    let t = normalize_title(title);
    let n = normalize_title(next);
    let ends_kind = |s: &str| KINDS.iter().any(|k| s.ends_with(k));
    !ends_kind(&t)
        && ends_kind(STATUS.replace(&n, "").trim_end())
        && n.chars().count() <= 30
        && !n.contains(['。', '，', '；', '：', ':'])
        && crate::label::parse(&n, false).is_none()
        && status_line(&n).is_none()
}

/// Whether a line reads as a plan's title: no sentence punctuation, not numbered, and it
/// ends in a kind of document (规划, 方案, 计划, 要点 …), a period or a status.
pub fn reads_as_title(s: &str) -> bool {
    const KINDS: &[&str] = &[
        "规划",
        "方案",
        "计划",
        "意见",
        "办法",
        "纲要",
        "要点",
        "清单",
        "细则",
        "措施",
        "行动",
        "分工",
        "任务",
        "安排",
        "工程",
        "计划表",
        "分解表",
        "）",
        ")",
        "”",
    ];
    let t = normalize_title(s);
    let t = STATUS.replace(&t, "");
    let t = t.trim_end();
    (4..=60).contains(&t.chars().count())
        && !t.contains(['。', '；', '：', ':'])
        && crate::label::parse(t, false).is_none()
        && KINDS.iter().any(|k| t.ends_with(k))
}

/// A middle piece of a title broken over lines: short, no punctuation, not numbered.
pub fn title_fragment(s: &str) -> bool {
    let n = normalize_title(s);
    (1..=20).contains(&n.chars().count())
        && !n.contains(['。', '，', '；', '：', ':', ','])
        && crate::label::parse(&n, false).is_none()
        && status_line(&n).is_none()
}

/// Years of the N-th five-year plan (from the 6th, 1981–1985, they follow each other).
fn five_year_plan(n: u32) -> Option<[i32; 2]> {
    if !(6..=30).contains(&n) {
        return None;
    }
    let start = 1981 + 5 * (n as i32 - 6);
    Some([start, start + 4])
}

/// Period from a title: `（2024—2027年）` → [2024, 2027]; `十四五` → [2021, 2025].
pub fn period(title: &str) -> Option<([i32; 2], String)> {
    if let Some(c) = SPAN.captures(title) {
        let (a, b): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        if a <= b && b - a <= 20 {
            return Some(([a, b], c[0].trim().to_string()));
        }
    }
    let c = FIVE_YEAR.captures(title)?;
    if let Some(p) = c.get(1) {
        let n = han_number(p.as_str())?;
        return Some((five_year_plan(n)?, format!("{}五", p.as_str())));
    }
    let n = han_number(c.get(2)?.as_str())?;
    Some((five_year_plan(n)?, c[0].to_string()))
}

/// A county or district named right after its city or prefecture: `杭州市` + `西湖区`.
static SUB_REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Han}{1,5}?(?:自治县|自治旗|新区|县|区|旗|市))").expect("sub-region regex")
});
static PREFECTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:中共)?\p{Han}{1,8}?(?:自治州|州|盟|地区)").expect("prefecture regex")
});

/// Words of the shape `X区`/`X市` that are parts of a city, not its counties or districts.
const NOT_A_REGION: &[&str] = &[
    "城区",
    "市区",
    "全区",
    "辖区",
    "园区",
    "社区",
    "片区",
    "景区",
    "学区",
    "校区",
    "郊区",
    "山区",
    "老城区",
    "主城区",
    "中心城区",
    "新城区",
    "各区",
    "全市",
    "各县",
    "本市",
    "县区",
    "区县",
    "市县",
];

/// County (or city, district) from the start of a title or an issuer. A plan of a county
/// or district of a city (`杭州市西湖区…`, `凉山彝族自治州昭觉县…`) belongs to the lower
/// one: its offices are that county's (区教育局).
pub fn region(s: &str) -> Option<String> {
    let t = s.trim();
    let sub = |rest: &str| -> Option<String> {
        let c = SUB_REGION.captures(rest)?;
        let name = c[1].to_string();
        let first = name.chars().next()?;
        (!NOT_A_REGION.contains(&name.as_str()) && !matches!(first, '区' | '县' | '市' | '全'))
            .then_some(name)
    };
    if let Some(m) = PREFECTURE.find(t) {
        if let Some(n) = sub(&t[m.end()..]) {
            return Some(n);
        }
    }
    let c = REGION.captures(t)?;
    let first = c.get(1)?;
    // `全县`, `本区`, `我市` inside a sentence name no place.
    let name: Vec<char> = first.as_str().chars().collect();
    let before_suffix = name.len().checked_sub(2).map(|i| name[i]);
    if SENTENCE_OPENERS
        .iter()
        .any(|o| first.as_str().starts_with(o))
        || matches!(before_suffix, Some('全' | '本' | '我' | '各' | '该' | '每'))
    {
        return None;
    }
    if first.as_str().ends_with('市') {
        if let Some(n) = sub(&t[first.end()..]) {
            return Some(n);
        }
    }
    Some(first.as_str().to_string())
}

/// Fill title, status, period and region. `status_text` is a status printed on its own line.
pub fn fill(meta: &mut Meta, raw_title: &str, status_text: Option<String>) {
    let mut title = normalize_title(raw_title);
    let mut status = status_text;
    if let Some(m) = STATUS.find(&title) {
        // A status in the title itself: 民乐县…方案（意见征求稿）.
        if m.end() == title.len() && m.start() > 0 {
            if let Some(c) = STATUS.captures(m.as_str()) {
                status.get_or_insert_with(|| c[1].to_string());
            }
            title = title[..m.start()].trim_end().to_string();
        }
    }
    meta.title = title;
    if let Some(s) = status {
        meta.status = Status::Draft;
        meta.status_text = s;
    }
    if let Some((p, text)) = period(&meta.title) {
        meta.period = Some(p);
        meta.period_text = text;
    }
    meta.region = region(&meta.title)
        .or_else(|| meta.issuers.iter().find_map(|i| region(i)))
        .unwrap_or_default();
}

/// Base slug (before collisions are resolved): pinyin of the region plus the first year of
/// the period, or of the notice, or the first year in the title.
pub fn base_slug(meta: &Meta) -> String {
    let name = if meta.region.is_empty() {
        &meta.title
    } else {
        &meta.region
    };
    // A title taken when no county was recognised can be long: the slug is one path segment.
    let mut slug = crate::slug::truncate(&crate::slug::slugify(name));
    let year = meta
        .period
        .map(|p| p[0])
        .or_else(|| meta.written.get(..4).and_then(|y| y.parse().ok()))
        .or_else(|| meta.issued.get(..4).and_then(|y| y.parse().ok()))
        .or_else(|| YEAR.captures(&meta.title).and_then(|c| c[1].parse().ok()));
    if let Some(y) = year {
        slug.push('-');
        slug.push_str(&y.to_string());
    }
    if crate::slug::check_name(&slug).is_err() {
        // `con`, `nul`…: names Windows reserves.
        slug = format!("plan-{slug}");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(
            period("石泉县教育提振三年行动计划（2024—2027年）")
                .unwrap()
                .0,
            [2024, 2027]
        );
        assert_eq!(period("某县2021-2025年规划").unwrap().0, [2021, 2025]);
        assert_eq!(period("到 2024 年至 2026 年").unwrap().0, [2024, 2026]);
        let (p, t) = period("沂源县教育事业发展“十四五”规划").unwrap();
        assert_eq!((p, t.as_str()), ([2021, 2025], "十四五"));
        assert_eq!(period("某县“十三五”教育规划").unwrap().0, [2016, 2020]);
        assert_eq!(period("某县十五五规划").unwrap().0, [2026, 2030]);
        assert_eq!(
            period("某县国民经济和社会发展第十四个五年规划").unwrap().0,
            [2021, 2025]
        );
        assert!(period("泾源县教育质量提升行动实施方案").is_none());
    }

    #[test]
    fn title_status_region() {
        let mut m = Meta::default();
        fill(
            &mut m,
            "民乐县全面推进教育强县建设实施方案（意见征求稿）",
            None,
        );
        assert_eq!(m.title, "民乐县全面推进教育强县建设实施方案");
        assert_eq!(
            (m.status, m.status_text.as_str()),
            (Status::Draft, "意见征求稿")
        );
        assert_eq!(m.region, "民乐县");
        assert_eq!(status_line("（征求意见稿）").as_deref(), Some("征求意见稿"));
        assert_eq!(status_line("征求意见稿的说明"), None);
        let mut m = Meta::default();
        fill(
            &mut m,
            "石泉县教育提振三年行动计划（2024—2027年）",
            Some("征求意见稿".into()),
        );
        assert_eq!(base_slug(&m), "shi-quan-xian-2024");
        assert_eq!(region("中共泾源县委办公室").as_deref(), Some("泾源县"));
        for (title, want) in [
            ("杭州市西湖区教育事业发展“十五五”规划", "西湖区"),
            ("上海市浦东新区学前教育三年行动计划", "浦东新区"),
            ("凉山彝族自治州昭觉县控辍保学实施方案", "昭觉县"),
            ("临川市城区学校布局规划", "临川市"),
            ("临川市推进基础教育扩优提质实施方案", "临川市"),
            ("南州市区县教育督导办法", "南州市"),
            ("某某县教育规划", "某某县"),
        ] {
            assert_eq!(region(title).as_deref(), Some(want), "{title}");
        }
        assert_eq!(region("为促进全县教育发展，制定本方案。"), None);
        assert_eq!(region("推进我市教育"), None);
        assert!(title_continues("某县教育事业发展", "“十四五”规划"));
        assert!(!title_continues(
            "某县教育事业发展“十四五”规划",
            "一、总体要求"
        ));
        assert!(!title_continues("某县教育规划", "（征求意见稿）"));
        assert!(!title_continues("某县教育", "为加快发展，制定本方案。"));
    }
}
