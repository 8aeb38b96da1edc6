//! What real exports print before a plan's title: the fields of a government site's policy
//! database (`索引号：…`, `发文机关：…`, `成文日期：…`, `链接：…`, `正文：`), read as metadata.

use regex::Regex;
use std::sync::LazyLock;

/// What a policy-database field is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    DocNumber,
    Issuer,
    Written,
    Issued,
    Topic,
    Url,
    /// Kept as printed (索引号, 实施日期, 失效日期, 文件状态 …): no field of the model holds it.
    Catalog,
    /// `正文：` only announces the text.
    Body,
}

/// Keys portals print (信息公开目录, 政策文件库), longest first so `政策文号` wins over `文号`.
const KEYS: &[(&str, Field)] = &[
    ("文件名称", Field::Title),
    ("公文标题", Field::Title),
    ("标题", Field::Title),
    ("名称", Field::Title),
    ("政策文号", Field::DocNumber),
    ("发文字号", Field::DocNumber),
    ("发文文号", Field::DocNumber),
    ("文号", Field::DocNumber),
    ("发文机关", Field::Issuer),
    ("发文机构", Field::Issuer),
    ("发文单位", Field::Issuer),
    ("发布机构", Field::Issuer),
    ("发布机关", Field::Issuer),
    ("制发机关", Field::Issuer),
    ("成文日期", Field::Written),
    ("成文时间", Field::Written),
    ("发文日期", Field::Written),
    ("发布日期", Field::Issued),
    ("发布时间", Field::Issued),
    ("印发日期", Field::Issued),
    ("公布日期", Field::Issued),
    ("公开日期", Field::Issued),
    ("主题分类", Field::Topic),
    ("原文链接", Field::Url),
    ("链接", Field::Url),
    ("网址", Field::Url),
    ("索引号", Field::Catalog),
    ("统一编号", Field::Catalog),
    ("实施日期", Field::Catalog),
    ("施行日期", Field::Catalog),
    ("生效日期", Field::Catalog),
    ("失效日期", Field::Catalog),
    ("废止日期", Field::Catalog),
    ("文件状态", Field::Catalog),
    ("有效性", Field::Catalog),
    ("时效性", Field::Catalog),
    ("效力状态", Field::Catalog),
    ("体裁分类", Field::Catalog),
    ("组配分类", Field::Catalog),
    ("信息分类", Field::Catalog),
    ("公文种类", Field::Catalog),
    ("主题词", Field::Catalog),
    ("关键词", Field::Catalog),
    ("公开方式", Field::Catalog),
    ("公开范围", Field::Catalog),
    ("信息来源", Field::Catalog),
    ("来源", Field::Catalog),
    ("正文", Field::Body),
];

/// A key at the start of the line or after whitespace (two fields share a line on many
/// portals), followed by a colon.
static KEY: LazyLock<Regex> = LazyLock::new(|| {
    let mut keys: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
    keys.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
    Regex::new(&format!(r"(?:^|\s)({})\s*[：:]", keys.join("|"))).expect("portal key regex")
});

/// One field as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub key: String,
    pub field: Field,
    pub value: String,
}

/// The fields of a line made only of policy-database fields, or `None` for any other line
/// (a line of text that merely starts like one has text before its first key or no key).
pub fn fields(line: &str) -> Option<Vec<Pair>> {
    let t = line.trim();
    let found: Vec<_> = KEY.captures_iter(t).collect();
    let first = found.first()?.get(0)?;
    if first.start() != 0 {
        return None;
    }
    let mut out = Vec::new();
    for (i, c) in found.iter().enumerate() {
        let key = c.get(1)?;
        let end = c.get(0)?.end();
        let next = found
            .get(i + 1)
            .and_then(|n| n.get(0))
            .map_or(t.len(), |m| m.start());
        let field = KEYS.iter().find(|(k, _)| *k == key.as_str())?.1;
        let value = t[end..next].trim().to_string();
        // A sentence is never a field's value: `来源：…，…。` is running text.
        if field != Field::Title && value.ends_with('。') {
            return None;
        }
        out.push(Pair {
            key: key.as_str().to_string(),
            field,
            value,
        });
    }
    Some(out)
}

static ISO_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s.*)?$")
        .expect("iso-like date regex")
});

/// ISO date of a field's value: `2024年3月27日`, `2024-03-27`, `2024/3/27 10:00`, `2024.3.27`.
pub fn date(value: &str) -> Option<String> {
    let c = ISO_LIKE.captures(value.trim())?;
    let (y, m, d): (i32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_fields() {
        let f = fields("索引号：11530000/2024-00017  发文机关：某县人民政府").unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].field, Field::Issuer);
        assert_eq!(f[1].value, "某县人民政府");
        let f = fields("政策文号：某政发〔2024〕3号").unwrap();
        assert_eq!(
            (f[0].field, f[0].value.as_str()),
            (Field::DocNumber, "某政发〔2024〕3号")
        );
        let f = fields("链接：https://www.example.gov.cn/a.html").unwrap();
        assert_eq!(f[0].value, "https://www.example.gov.cn/a.html");
        assert_eq!(fields("正文：").unwrap()[0].field, Field::Body);
        assert!(fields("一、工作目标").is_none());
        assert!(fields("为推进发展，来源：县局。").is_none());
        assert!(fields("来源：各级财政资金统筹安排。").is_none());
        assert_eq!(date("2024年3月27日").as_deref(), Some("2024-03-27"));
        assert_eq!(date("2024-03-29 10:30").as_deref(), Some("2024-03-29"));
        assert_eq!(date("有效"), None);
    }
}
