//! The covering notice (关于印发…的通知) that precedes many plans: document number, title
//! (often split over lines), recipients, body, signatures, date, `（此件公开发布）`.

use super::decode::normalize_title;
use crate::doc::Notice;
use regex::Regex;
use std::sync::LazyLock;

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\S{0,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号$").expect("doc number regex")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日$")
        .expect("date regex")
});
static PUBLIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]\s*此件(公开发布|主动公开|依申请公开|不予公开)\s*[）)]$")
        .expect("public regex")
});

/// An issue date whose 年月日 were lost (`2024327`, `20241231`): the year and two to four
/// digits of month and day.
static RUN_TOGETHER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:19|20)\d{2})\s*(\d{2,4})$").expect("run-together regex"));

/// A 文号 printed on a line of its own: `云政发〔2024〕3号`.
pub fn doc_number_line(s: &str) -> bool {
    DOC_NUMBER.is_match(&normalize_title(s))
}

/// The dates a line of run-together digits can be (`2024327` → 2024-03-27; `2024111` →
/// 2024-01-11 or 2024-11-01); `None` when the line is not such digits or no date fits.
pub fn run_together(s: &str) -> Option<Vec<String>> {
    let c = RUN_TOGETHER.captures(s.trim())?;
    let rest = &c[2];
    let mut out: Vec<String> = (1..=2)
        .filter(|&j| j < rest.len() && rest.len() - j <= 2)
        .filter_map(|j| {
            let (m, d): (u32, u32) = (rest[..j].parse().ok()?, rest[j..].parse().ok()?);
            ((1..=12).contains(&m) && (1..=31).contains(&d))
                .then(|| format!("{}-{m:02}-{d:02}", &c[1]))
        })
        .collect();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// A line that is only a date, printed whole or with its digits run together.
pub fn date_line(s: &str) -> bool {
    iso_date(s).is_some() || run_together(s).is_some()
}

/// A recipients line opening a notice whose title the export lost (`各乡镇人民政府，县直各部门：`).
fn recipients_like(s: &str) -> bool {
    let t = s.trim();
    (t.ends_with('：') || t.ends_with(':'))
        && !t.contains('。')
        && t.chars().count() <= 150
        && (t.starts_with('各')
            || ["政府", "部门", "单位", "委员会"]
                .iter()
                .any(|w| t.contains(w)))
}

/// What the notice parser found.
pub struct Found {
    pub notice: Notice,
    /// Whether `（此件公开发布）` / `（此件主动公开）` was printed.
    pub public: bool,
    /// Index of the first paragraph after the notice.
    pub next: usize,
    /// Index of its date line.
    pub date_at: usize,
}

/// ISO date from `2023年3月17日` (spaces allowed).
pub fn iso_date(s: &str) -> Option<String> {
    let c = DATE_LINE.captures(s.trim())?;
    // Signatures are often dated in Chinese numerals: 二〇二三年三月十七日.
    let year = |s: &str| -> Option<i32> {
        s.parse().ok().or_else(|| {
            s.chars().try_fold(0i32, |acc, c| {
                let d = match c {
                    '〇' | '零' | '○' | 'Ｏ' => 0,
                    _ => crate::label::han_number(&c.to_string())? as i32,
                };
                Some(acc * 10 + d)
            })
        })
    };
    let num = |s: &str| -> Option<u32> { s.parse().ok().or_else(|| crate::label::han_number(s)) };
    let (y, m, d) = (year(&c[1])?, num(&c[2])?, num(&c[3])?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// An organisation name as signed under a notice: short, no sentence punctuation.
pub(crate) fn org_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n) && !s.contains(['。', '，', '：', ':', '；', '《'])
}

/// Endings of an organisation's name as signed under a plan (落款).
const ORGAN_ENDINGS: &[&str] = &[
    "政府",
    "办公室",
    "委员会",
    "领导小组",
    "小组",
    "局",
    "委",
    "办",
    "部",
    "厅",
    "院",
    "中心",
    "党委",
    "政府办",
    "工作组",
];

/// A signature line: an organisation name, not a heading that happens to be short.
pub(crate) fn signer_like(s: &str) -> bool {
    let t = normalize_title(s);
    org_like(&t)
        && crate::label::parse(&t, true).is_none()
        && ORGAN_ENDINGS.iter().any(|e| t.ends_with(e))
}

/// One block of the plan text, as the signature finder sees it.
pub enum Piece<'a> {
    Para(&'a str),
    /// A table with its printed label (`附件1`, `表2`, or empty).
    Table(&'a str),
}

/// A signature block ending a plan printed without a covering notice: one to three
/// organisation lines and a date line, followed by nothing or only annexes (a `附件…` line
/// or a table labelled 附件/附表), 抄送 and 印发 lines. Returns the index of the first
/// organisation line and of the date line.
pub fn trailing_signature(pieces: &[Piece<'_>]) -> Option<(usize, usize)> {
    let date_at = pieces
        .iter()
        .rposition(|p| matches!(p, Piece::Para(t) if date_line(t)))?;
    let annex = |t: &str| t.starts_with("附件") || t.starts_with("附表");
    let after_ok = match pieces.get(date_at + 1) {
        None => true,
        Some(Piece::Para(t)) => {
            let t = t.trim();
            annex(t) || t.starts_with("抄送") || t.ends_with("印发")
        }
        Some(Piece::Table(label)) => annex(label),
    };
    if !after_ok {
        return None;
    }
    let mut start = date_at;
    while start > 0
        && date_at - start < 3
        && matches!(pieces[start - 1], Piece::Para(t) if signer_like(t))
    {
        start -= 1;
    }
    (start < date_at).then_some((start, date_at))
}

/// Parse a covering notice at the start of `paras` (text of each paragraph, in order).
pub fn parse(paras: &[&str]) -> Option<Found> {
    let mut notice = Notice::default();
    // Find 关于…通知 near the top; before it only a doc number and the issuing office's header.
    let mut start = None;
    for (i, p) in paras.iter().enumerate().take(6) {
        let t = normalize_title(p);
        // `关于印发…的通知`, also with the issuing offices in front of it, as portals print
        // the title: `中共某县委办公室 某县人民政府办公室关于印发…的通知`.
        let issuer_prefix = t
            .find("关于")
            .is_some_and(|at| at > 0 && org_like(&t[..at]));
        if t.starts_with("关于") || issuer_prefix {
            start = Some(i);
            break;
        }
        if recipients_like(&t) {
            break;
        }
        if DOC_NUMBER.is_match(&t) {
            notice.doc_number = t;
        } else if org_like(&t) {
            notice.header.push(t);
        } else {
            return None;
        }
    }
    let mut i;
    if let Some(start) = start {
        let mut title = String::new();
        i = start;
        while i < paras.len() && i < start + 4 {
            title.push_str(paras[i].trim());
            i += 1;
            if normalize_title(&title).ends_with("通知") {
                break;
            }
        }
        let title = normalize_title(&title);
        if !title.ends_with("通知") {
            return None;
        }
        notice.title = title;
    } else {
        // A notice copied from its recipients line on: no title of its own, and it must
        // hand a document on (印发, 转发, 《…》) to be one.
        i = paras.iter().position(|p| recipients_like(p)).filter(|&r| {
            r <= notice.header.len() + usize::from(!notice.doc_number.is_empty())
                && paras
                    .get(r + 1)
                    .is_some_and(|b| b.contains("印发") || b.contains("转发") || b.contains('《'))
        })?;
    }
    if let Some(p) = paras.get(i) {
        let t = p.trim();
        if (t.ends_with('：') || t.ends_with(':')) && !t.contains('。') {
            notice.recipients = t.to_string();
            i += 1;
        }
    }
    // Body until the signature block: organisation lines followed by a date line.
    let date_at = (i..paras.len().min(i + 20)).find(|&k| date_line(paras[k]))?;
    let mut sig_start = date_at;
    while sig_start > i && org_like(paras[sig_start - 1].trim()) && date_at - sig_start < 4 {
        sig_start -= 1;
    }
    notice.body = paras[i..sig_start]
        .iter()
        .map(|s| s.trim().to_string())
        .collect();
    notice.issuers = paras[sig_start..date_at]
        .iter()
        .map(|s| normalize_title(s))
        .collect();
    notice.date = paras[date_at].split_whitespace().collect::<String>();
    let mut next = date_at + 1;
    let mut public = false;
    if let Some(p) = paras.get(next) {
        if PUBLIC.is_match(p.trim()) {
            public = p.contains("公开发布") || p.contains("主动公开");
            next += 1;
        }
    }
    Some(Found {
        notice,
        public,
        next,
        date_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_title_and_signatures() {
        let paras = [
            "关于印发《某县教育质量提升行动",
            "实施方案》的通知",
            "各乡（镇）党委和政府，县直各部门：",
            "现将《某县教育质量提升行动实施方案》印发给你们，请认真抓好贯彻落实。",
            "中共某县委办公室",
            "某县人民政府办公室",
            "2023年3月17日",
            "某县教育质量提升行动实施方案",
        ];
        let f = parse(&paras).unwrap();
        assert_eq!(
            f.notice.title,
            "关于印发《某县教育质量提升行动实施方案》的通知"
        );
        assert_eq!(
            f.notice.issuers,
            vec!["中共某县委办公室", "某县人民政府办公室"]
        );
        assert_eq!(f.notice.body.len(), 1);
        assert_eq!(f.notice.date, "2023年3月17日");
        assert_eq!(f.next, 7);
    }

    #[test]
    fn doc_number_and_public() {
        let paras = [
            "源政字〔2023〕36号",
            "某县人民政府",
            "关于印发某县规划的通   知",
            "各镇人民政府：",
            "现将规划印发给你们。",
            "某县人民政府",
            "2023年3月14日",
            "（此件公开发布）",
            "某县规划",
        ];
        let f = parse(&paras).unwrap();
        assert_eq!(f.notice.doc_number, "源政字〔2023〕36号");
        assert_eq!(f.notice.header, vec!["某县人民政府"]);
        assert_eq!(f.notice.title, "关于印发某县规划的通知");
        assert!(f.public);
        assert_eq!(f.next, 8);
        assert_eq!(iso_date("2023年3月14日").as_deref(), Some("2023-03-14"));
        assert_eq!(
            iso_date("二〇二三年三月十七日").as_deref(),
            Some("2023-03-17")
        );
        assert_eq!(
            iso_date("二〇二四年十二月三十一日").as_deref(),
            Some("2024-12-31")
        );
        assert_eq!(iso_date("2023年13月1日"), None);
    }

    #[test]
    fn issuers_before_the_title() {
        let paras = [
            "某政办发〔2024〕12号",
            "中共某县委办公室 某县人民政府办公室关于印发《某县",
            "教育规划》的通知",
            "各乡镇：",
            "现印发给你们。",
            "中共某县委办公室",
            "某县人民政府办公室",
            "二〇二四年三月五日",
            "某县教育规划",
        ];
        let f = parse(&paras).unwrap();
        assert_eq!(
            f.notice.title,
            "中共某县委办公室某县人民政府办公室关于印发《某县教育规划》的通知"
        );
        assert_eq!(f.notice.issuers.len(), 2);
        assert_eq!(iso_date(&f.notice.date).as_deref(), Some("2024-03-05"));
        assert_eq!(f.next, 8);
    }

    #[test]
    fn from_the_recipients_line_with_digits_run_together() {
        let paras = [
            "各乡镇人民政府，县直各部门：",
            "现将《某县学前教育行动计划》印发给你们，请认真执行。",
            "某县人民政府办公室",
            "2024327",
            "某县学前教育行动计划",
        ];
        let f = parse(&paras).unwrap();
        assert_eq!(f.notice.title, "");
        assert_eq!(f.notice.recipients, "各乡镇人民政府，县直各部门：");
        assert_eq!(f.notice.date, "2024327");
        assert_eq!((f.next, f.date_at), (4, 3));
        assert_eq!(
            run_together("2024327"),
            Some(vec!["2024-03-27".to_string()])
        );
        assert_eq!(
            run_together("20241231"),
            Some(vec!["2024-12-31".to_string()])
        );
        assert_eq!(run_together("2024111").map(|v| v.len()), Some(2));
        assert_eq!(run_together("2024"), None);
        assert_eq!(run_together("2024999"), None);
        // A plan that opens with an address line but hands nothing on is no notice.
        assert!(parse(&["各位家长：", "一、总体要求"]).is_none());
    }

    #[test]
    fn no_notice() {
        assert!(parse(&[
            "某县“十四五”教育发展规划",
            "为加快推进教育现代化，制定本规划。"
        ])
        .is_none());
    }
}
