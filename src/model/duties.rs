//! Who must do what: responsibility clauses in the text and unit columns of task tables.
//!
//! Forms read (full-width or half-width brackets and colons alike):
//!
//! - `（责任单位：A、B、C）` at the end of an item, also `负责单位` / `主责单位` / `实施单位`;
//! - `（牵头单位：A；配合单位：B、C）`, `（牵头部门：A，协同单位：B）`;
//! - `（A牵头，B、C配合）`, `（A负责）`;
//! - a line of its own: `责任单位：A、B`;
//! - `【责任单位：…】`, `（由A牵头，B配合）`, `A（牵头）、B` and `责任单位：A牵头，B配合` (a role
//!   word after a name or a comma part overrides the label's role);
//! - a time inside the clause (`完成时限：2025年12月`, `，2025年底前完成`) is left to
//!   `deadlines` and names no office;
//! - table columns `牵头单位`, `责任单位`, `配合单位`, `责任主体`, `牵头责任单位` (header cells may break over
//!   lines or carry a note in brackets, `责任单位（部门）`).
//!
//! Labels in traditional characters (`責任單位`, `牽頭單位`) read as the simplified ones.
//!
//! Names are split on `、，,；;` outside brackets (`各县（市、区）人民政府` is one name), and
//! on `等` between two offices; a government printed once after bare places is each place's
//! (`东城区、西城区人民政府`). The text stays as printed: duties are derived from it. A
//! clause that names a role but cannot be read is reported, never dropped silently.

use crate::doc::Role;
use regex::Regex;
use std::sync::LazyLock;

/// One office named in a clause or table cell, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub role: Role,
}

/// What reading one piece of text gave.
#[derive(Debug, Default, PartialEq)]
pub struct Found {
    pub names: Vec<Named>,
    /// Holders of plan-wide notes like `以下任务均需各学校落实`.
    pub collective: Vec<String>,
    /// Things that looked like responsibility but could not be read.
    pub problems: Vec<String>,
}

static LABELED: LazyLock<Regex> = LazyLock::new(|| {
    // A county office's sections (科室, 处室, 股室) are named with the same labels.
    // Traditional characters (`責任單位`, `牽頭部門`) read as the simplified label.
    Regex::new(r"(牵头|牽頭|责任|責任|负责|負責|主责|主責|实施|實施|承办|承辦|主办|主辦|配合|协同|協同|协办|協辦|参与|參與)(?:单位|單位|部门|部門|主体|主體|科室|处室|處室|股室)\s*[：:]")
        .expect("labeled clause regex")
});

/// `…均需各学校落实`, `均由各乡镇负责`: a collective holder of every task.
static COLLECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:以下|上述|所有|各项)?(?:任务|工作|事项)?(?:均需|均由|均要|都需|都要|均应)(各[^\s，,。；;、]{1,10}?)(?:按要求)?(?:落实|负责|执行|承担|实施)")
        .expect("collective regex")
});

/// `A牵头` / `B、C配合` inside a bracket.
static SUFFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?)(牵头负责|牽頭負責|牵头|牽頭|负责|負責|配合|协同|協同|参与|參與|协助|協助)$")
        .expect("suffix regex")
});

/// See [`crate::model::warm`].
pub(crate) fn warm() {
    for re in [&LABELED, &COLLECTIVE, &SUFFIXED] {
        LazyLock::force(re);
    }
}

/// The simplified form of the traditional characters of role labels and time labels
/// (`牽頭`, `責任單位`, `完成時限`), one character at a time so byte offsets stay those of the
/// printed text (both forms are three bytes in UTF-8).
pub(crate) fn simplified_label(s: &str) -> String {
    const T: &str = "牽頭責負實辦協參與單門體處時間節點內務進劃";
    const S: &str = "牵头责负实办协参与单门体处时间节点内务进划";
    s.chars()
        .map(|c| {
            T.chars()
                .position(|t| t == c)
                .and_then(|k| S.chars().nth(k))
                .unwrap_or(c)
        })
        .collect()
}

fn role_of(word: &str) -> Role {
    match simplified_label(word).as_str() {
        "牵头" | "牵头负责" | "主办" => Role::Lead,
        "配合" | "协同" | "协办" | "参与" | "协助" => Role::Cooperating,
        _ => Role::Responsible,
    }
}

/// Split a list of office names as printed, on any of `、，,；;` and line breaks, but never
/// inside brackets: `各县（市、区）人民政府` is one name.
///
/// Also: `A等B` between two offices names both (`区商务局等各行业主管部门`), and a government
/// printed once after bare place names is each place's (`东城区、西城区人民政府`: both
/// 人民政府); `县教育局、财政局` is left as printed (its first name is no bare place).
pub fn split_names(list: &str) -> Vec<String> {
    let names: Vec<String> = split_outside_brackets(list, &['、', '，', ',', '；', ';', '\n'])
        .into_iter()
        .flat_map(split_deng)
        .map(clean_name)
        .filter(|s| !s.is_empty())
        .collect();
    shared_suffix(names)
}

/// Endings of an office's name (what may stand before `等` in a list).
const OFFICE_ENDS: &[&str] = &[
    "局", "委", "办", "部", "院", "厅", "中心", "政府", "公司", "学校", "校", "所", "队", "会",
    "处", "室", "站", "馆", "社", "园", "镇", "乡", "街道", "部门", "单位",
];

/// `区商务局等各行业主管部门` → `区商务局`, `各行业主管部门`; `县教育局等有关部门` names the
/// bureau alone (the rest says only "and others"), as `clean_name` does for `等相关部门`.
fn split_deng(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = name;
    while let Some(at) = rest.find('等') {
        let (before, after) = (&rest[..at], rest[at + '等'.len_utf8()..].trim());
        if !OFFICE_ENDS.iter().any(|e| before.ends_with(e)) || after.chars().count() < 2 {
            break;
        }
        out.push(before);
        // `等相关部门`, `等部门按职责分工`, `等成员单位`: "and the others", no office.
        let cleaned = clean_name(after);
        let mut core = cleaned.as_str();
        for w in ["各", "相关", "有关", "其他", "其它", "成员"] {
            core = core.strip_prefix(w).unwrap_or(core);
        }
        rest = if matches!(core, "" | "单位" | "部门" | "单位部门") {
            ""
        } else {
            after
        };
    }
    out.push(rest);
    out
}

/// Bodies a list may print once after several places (`东城区、西城区人民政府`).
const GOVERNMENTS: &[&str] = &[
    "人民政府",
    "政府",
    "党委",
    "党委政府",
    "党委和政府",
    "党工委",
    "管委会",
    "街道办事处",
    "办事处",
];
const PLACE_ENDS: &[char] = &['区', '县', '市', '镇', '乡', '旗'];

/// A bare place name: `西城区`, `城关镇` (no office after it).
fn bare_place(name: &str) -> bool {
    (2..=8).contains(&name.chars().count())
        && name.ends_with(PLACE_ENDS)
        && !name.contains(['（', '('])
}

/// The government a name ends in after a place: `西城区人民政府` → `人民政府`.
fn government_of(name: &str) -> Option<&'static str> {
    GOVERNMENTS
        .iter()
        .find(|g| {
            name.strip_suffix(*g)
                .is_some_and(|place| !place.is_empty() && bare_place(place))
        })
        .copied()
}

/// Bare places listed just before `<place><government>` share its government.
fn shared_suffix(mut names: Vec<String>) -> Vec<String> {
    for k in 1..names.len() {
        let Some(g) = government_of(&names[k]) else {
            continue;
        };
        let mut j = k;
        while j > 0 && bare_place(&names[j - 1]) {
            j -= 1;
        }
        for n in &mut names[j..k] {
            n.push_str(g);
        }
    }
    names
}

/// `list` cut at any of `seps` that stands outside brackets.
fn split_outside_brackets<'a>(list: &'a str, seps: &[char]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 && seps.contains(&c) => {
                parts.push(&list[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

/// A role printed in brackets after one name of a list: `县教体局（牵头）`, `县财政局(配合)`.
/// Returns the bare name and the role.
fn bracketed_role(name: &str) -> Option<(String, Role)> {
    let open = name.rfind(['（', '('])?;
    let inner = name[open..]
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    if !name.ends_with(['）', ')']) || open == 0 {
        return None;
    }
    let word = inner
        .trim()
        .trim_end_matches("单位")
        .trim_end_matches("部门");
    let role = match word {
        "牵头" | "牵头负责" | "总牵头" => Role::Lead,
        "负责" | "责任" | "主责" => Role::Responsible,
        "配合" | "协同" | "协办" | "参与" | "协助" => Role::Cooperating,
        _ => return None,
    };
    Some((name[..open].trim().to_string(), role))
}

fn clean_name(s: &str) -> String {
    let mut t = s.trim().trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '“' | '”' | '"' | '。' | '.' | '：' | ':')
    });
    // `各学校按要求落实` names 各学校; `县教体局等` names 县教体局.
    // Stripped repeatedly: `县财政局按职责分工` + (负责, taken by the clause reader).
    loop {
        let before = t;
        for suffix in [
            "按要求落实",
            "抓好落实",
            "负责落实",
            "落实",
            "按职责分工",
            "按职责",
            "分别",
            "共同",
            "等相关单位",
            "等相关部门",
            "等单位",
            "等部门",
            "等",
        ] {
            if let Some(r) = t.strip_suffix(suffix) {
                if !r.is_empty() {
                    t = r.trim_end();
                }
            }
        }
        if t == before {
            break;
        }
    }
    t.trim().to_string()
}

/// Whether a string reads as one office name (not a sentence that slipped into a list).
pub fn plausible_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n)
        && !s.contains(['。', '：', ':', '，', '；'])
        && !s.chars().any(|c| c.is_ascii_digit())
        && !s.starts_with('由')
        && !["确定", "通知", "报送", "详见", "按照", "另行", "待定"]
            .iter()
            .any(|w| s.contains(w))
}

/// Bracketed spans `（…）` / `(…)` / `【…】`, outermost only, nesting respected (`各乡（镇）`).
fn brackets(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            // 【责任单位：…】 is how some counties print the clause.
            '（' | '(' | '【' | '〔' => {
                if depth == 0 {
                    start = i + c.len_utf8();
                }
                depth += 1;
            }
            '）' | ')' | '】' | '〕' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((start, i));
                }
            }
            _ => {}
        }
    }
    out
}

/// Read one clause body (inside the brackets or a line of its own).
/// Returns `None` when it is not a responsibility clause at all.
fn read_clause(body: &str, out: &mut Found) -> Option<()> {
    let body = without_time_parts(body.trim());
    let body = body.trim();
    let labels: Vec<_> = LABELED.captures_iter(body).collect();
    if let Some(first) = labels.first() {
        let first_start = first.get(0).map_or(0, |m| m.start());
        if first_start != 0 {
            // `（详见责任单位：…）`: something precedes the label; still read, but say so.
            let before = body[..first_start].trim();
            if !before.is_empty() {
                out.problems.push(format!(
                    "text before the clause label kept as printed: `{before}`"
                ));
            }
        }
        for (k, c) in labels.iter().enumerate() {
            let (Some(whole), Some(word)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let end = labels
                .get(k + 1)
                .and_then(|n| n.get(0))
                .map_or(body.len(), |m| m.start());
            let seg = &body[whole.end()..end];
            read_list(seg, role_of(word.as_str()), out);
        }
        return Some(());
    }
    // Suffix form: every comma part ends in a role word.
    let parts: Vec<&str> = body
        .split(['，', ',', '；', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let mut read = Vec::new();
    for p in &parts {
        // `（县教育局负责，2025年底前完成）`: a time part of the clause (read by
        // `deadlines`) names no office.
        if SUFFIXED.captures(p).is_none() && !crate::model::deadlines::find(p).is_empty() {
            continue;
        }
        let c = SUFFIXED.captures(p)?;
        let (names, word) = (c.get(1)?.as_str(), c.get(2)?.as_str());
        // `由县教育局牵头`: 由 introduces the agent, it is not part of the name.
        let names = names.trim_start().strip_prefix('由').unwrap_or(names);
        let names = split_names(names);
        if names.is_empty() || !names.iter().all(|n| plausible_name(n)) {
            return None;
        }
        read.push((names, role_of(word)));
    }
    if read.is_empty() {
        return None;
    }
    for (names, role) in read {
        for name in names {
            out.names.push(Named { name, role });
        }
    }
    Some(())
}

/// A clause without its time parts (`完成时限：2025年12月`, read by `deadlines`), each up
/// to the next role label or the end: what remains names offices only.
fn without_time_parts(body: &str) -> std::borrow::Cow<'_, str> {
    let times: Vec<_> = crate::model::deadlines::TIME_LABEL
        .find_iter(body)
        .collect();
    if times.is_empty() {
        return body.into();
    }
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for m in times {
        if m.start() < at {
            continue;
        }
        out.push_str(&body[at..m.start()]);
        at = LABELED
            .find_at(body, m.end())
            .map_or(body.len(), |l| l.start());
    }
    out.push_str(&body[at..]);
    out.into()
}

/// Names after a label, up to the next label: sentences after the first are notes.
fn read_list(seg: &str, role: Role, out: &mut Found) {
    let mut sentences = seg
        .split(['。', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(list) = sentences.next() {
        // `责任单位：县教育局牵头，县财政局、县人社局配合`: a role word ending a comma part
        // gives its names that role.
        let mut named: Vec<(String, Role)> = Vec::new();
        for part in split_outside_brackets(list, &['，', ',', '；', ';']) {
            let (names, role) = match SUFFIXED.captures(part.trim()) {
                Some(c) => (
                    c.get(1).map_or("", |g| g.as_str()),
                    c.get(2).map_or(role, |g| role_of(g.as_str())),
                ),
                None => (part, role),
            };
            named.extend(split_names(names).into_iter().map(|n| (n, role)));
        }
        for (name, role) in named {
            // `县教体局（牵头）` inside a 责任单位 list: the bracket says the role.
            let (name, role) = bracketed_role(&name).unwrap_or((name, role));
            if plausible_name(&name) {
                out.names.push(Named { name, role });
            } else {
                out.problems.push(format!(
                    "cannot read `{name}` as an office name; kept as text"
                ));
            }
        }
    }
    for s in sentences {
        if !read_collective(s, out) {
            out.problems.push(format!(
                "note inside a responsibility clause kept as text: `{s}`"
            ));
        }
    }
}

fn read_collective(s: &str, out: &mut Found) -> bool {
    let mut any = false;
    for c in COLLECTIVE.captures_iter(s) {
        if let Some(g) = c.get(1) {
            let name = g.as_str().to_string();
            if !out.collective.contains(&name) {
                out.collective.push(name);
            }
            any = true;
        }
    }
    any
}

/// Read the responsibility clauses of a node's text (title and body).
pub fn read_text(text: &str) -> Found {
    let mut out = Found::default();
    let mut claimed: Vec<(usize, usize)> = Vec::new();
    for (s, e) in brackets(text) {
        let body = &text[s..e];
        if read_clause(body, &mut out).is_some() {
            claimed.push((s, e));
        }
    }
    // A clause on a line of its own: `责任单位：A、B`.
    let mut offset = 0;
    for line in text.split('\n') {
        let (ls, le) = (offset, offset + line.len());
        offset = le + 1;
        let t = line.trim();
        if claimed.iter().any(|(s, e)| *s < le && ls < *e) {
            continue;
        }
        if LABELED.find(t).is_some_and(|m| m.start() == 0) {
            read_clause(t, &mut out);
            claimed.push((ls, le));
        }
    }
    // Plan-wide notes written in the running text, outside any clause.
    for (i, _) in text.match_indices("均") {
        if claimed.iter().any(|(s, e)| *s <= i && i < *e) {
            continue;
        }
        let tail: String = text[i..].chars().take(16).collect();
        read_collective(&tail, &mut out);
    }
    // A role label that no rule took: tell staff rather than lose it.
    for m in LABELED.find_iter(text) {
        if !claimed
            .iter()
            .any(|(s, e)| *s <= m.start() && m.start() < *e)
        {
            out.problems.push(format!(
                "`{}` outside a clause this tool can read (write it as `（责任单位：A、B）`)",
                m.as_str()
            ));
        }
    }
    out
}

/// Role of a table column from its header cell, if it is a unit column.
pub fn column_role(header: &str) -> Option<Role> {
    let h: String = simplified_label(header)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // A note in brackets does not change the column: `责任单位（部门）`, `牵头单位(首位)`.
    let h = match h.find(['（', '(']) {
        Some(at) if at > 0 && h.ends_with(['）', ')']) => h[..at].to_string(),
        _ => h,
    };
    // `牵头责任单位`, `配合责任单位`: the first word says the role of a 责任单位 column.
    for word in ["牵头", "配合", "协同", "协办", "主办"] {
        if let Some(rest) = h.strip_prefix(word) {
            if rest.chars().count() >= 2 && column_role(rest).is_some() {
                return Some(role_of(word));
            }
        }
    }
    let probe = format!("{h}：");
    let c = LABELED.captures(&probe)?;
    let whole = c.get(0)?;
    // The whole header must be the label (`单位责任人` is not a unit column).
    if whole.start() != 0 || whole.end() != probe.len() {
        return None;
    }
    Some(role_of(c.get(1)?.as_str()))
}

/// Names in a unit cell of a task table.
pub fn read_cell(cell: &str, role: Role) -> Found {
    let mut out = Found::default();
    let flat: String = cell.split('\n').map(str::trim).collect::<Vec<_>>().join("");
    read_list(&flat, role, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    fn names(f: &Found) -> Vec<(String, Role)> {
        f.names.iter().map(|n| (n.name.clone(), n.role)).collect()
    }

    #[test]
    fn clause_forms() {
        let cases: &[(&str, &[(&str, Role)])] = &[
            (
                "……教育引导广大学生听党话。（责任单位：县委宣传部、教育体育局、团县委）",
                &[
                    ("县委宣传部", Responsible),
                    ("教育体育局", Responsible),
                    ("团县委", Responsible),
                ],
            ),
            (
                "（责任单位：教育体育局、发改局、财政局，各乡镇）",
                &[
                    ("教育体育局", Responsible),
                    ("发改局", Responsible),
                    ("财政局", Responsible),
                    ("各乡镇", Responsible),
                ],
            ),
            (
                "推进改革。（牵头单位：县教体局；配合单位：县财政局、县人社局）",
                &[
                    ("县教体局", Lead),
                    ("县财政局", Cooperating),
                    ("县人社局", Cooperating),
                ],
            ),
            (
                "推进改革。(牵头单位:县教体局;配合单位:县财政局,县人社局)",
                &[
                    ("县教体局", Lead),
                    ("县财政局", Cooperating),
                    ("县人社局", Cooperating),
                ],
            ),
            (
                "推进改革（县教育局牵头，县财政局、县人社局配合）。",
                &[
                    ("县教育局", Lead),
                    ("县财政局", Cooperating),
                    ("县人社局", Cooperating),
                ],
            ),
            (
                "建设项目。\n责任单位：县发改局、县住建局",
                &[("县发改局", Responsible), ("县住建局", Responsible)],
            ),
            ("加强管理（县卫健局负责）。", &[("县卫健局", Responsible)]),
            (
                "建设智慧校园。【责任单位：县教育局、县工信局】",
                &[("县教育局", Responsible), ("县工信局", Responsible)],
            ),
            (
                "（由县教育局牵头，县财政局配合）",
                &[("县教育局", Lead), ("县财政局", Cooperating)],
            ),
            (
                "（牵头部门：县委编办，协同单位：各乡（镇）人民政府）",
                &[("县委编办", Lead), ("各乡（镇）人民政府", Cooperating)],
            ),
            (
                "（县教体局、县财政局按职责分工负责）",
                &[("县教体局", Responsible), ("县财政局", Responsible)],
            ),
            (
                "（牵头单位：县教体局　配合单位：县财政局等）",
                &[("县教体局", Lead), ("县财政局", Cooperating)],
            ),
            (
                "（县教体局牵头，县财政局、县人社局配合，各镇负责）",
                &[
                    ("县教体局", Lead),
                    ("县财政局", Cooperating),
                    ("县人社局", Cooperating),
                    ("各镇", Responsible),
                ],
            ),
            (
                "（牵头单位：市教育局；配合单位：市财政局、各县（市、区）人民政府）",
                &[
                    ("市教育局", Lead),
                    ("市财政局", Cooperating),
                    ("各县（市、区）人民政府", Cooperating),
                ],
            ),
            (
                "（责任单位：县教体局（牵头）、县财政局(配合)，县人社局）",
                &[
                    ("县教体局", Lead),
                    ("县财政局", Cooperating),
                    ("县人社局", Responsible),
                ],
            ),
            (
                "（牵头单位：县教育局；完成时限：2025年12月；配合单位：县财政局）",
                &[("县教育局", Lead), ("县财政局", Cooperating)],
            ),
            (
                "（责任单位：县教育局、县人社局，完成时间：2024年底前）",
                &[("县教育局", Responsible), ("县人社局", Responsible)],
            ),
            (
                "（责任单位：县教育局牵头，县财政局、县人社局配合，各镇负责）",
                &[
                    ("县教育局", Lead),
                    ("县财政局", Cooperating),
                    ("县人社局", Cooperating),
                    ("各镇", Responsible),
                ],
            ),
            (
                "（县教育局负责，2025年底前完成）",
                &[("县教育局", Responsible)],
            ),
            // A bracket holding only a time is not a clause.
            ("完成改造（2025年底前完成）。", &[]),
            // Ordinary parentheses are not clauses.
            ("推进乡镇（社区）特殊教育资源中心建设（试点）。", &[]),
            ("建立“1（城区核心校）+X（乡镇分校）”模式", &[]),
        ];
        for (input, want) in cases {
            let f = read_text(input);
            let want: Vec<_> = want.iter().map(|(n, r)| (n.to_string(), *r)).collect();
            assert_eq!(names(&f), want, "input: {input}");
            assert!(f.problems.is_empty(), "{input}: {:?}", f.problems);
        }
    }

    #[test]
    fn collective_note_inside_clause() {
        let f = read_text(
            "（责任单位：县委宣传部、县教育局、团县委，各学校按要求落实。以下任务均需各学校落实，不再一一列出）",
        );
        assert_eq!(
            names(&f),
            vec![
                ("县委宣传部".into(), Responsible),
                ("县教育局".into(), Responsible),
                ("团县委".into(), Responsible),
                ("各学校".into(), Responsible)
            ]
        );
        assert_eq!(f.collective, vec!["各学校".to_string()]);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
    }

    #[test]
    fn collective_note_in_running_text() {
        let f = read_text("上述任务均由各乡镇负责组织实施。");
        assert_eq!(f.collective, vec!["各乡镇".to_string()]);
    }

    #[test]
    fn unreadable_clauses_are_reported() {
        let f = read_text("（责任单位：由县政府确定后另行通知，2024年底前报送）");
        assert!(!f.problems.is_empty());
        let f = read_text("本项工作的责任单位：见附件。");
        assert!(!f.problems.is_empty(), "{f:?}");
        let f = read_text("（责任单位：县教体局。请各校认真研究）");
        assert_eq!(names(&f), vec![("县教体局".into(), Responsible)]);
        assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
    }

    #[test]
    fn shared_government_and_deng_inside_a_list() {
        assert_eq!(
            split_names("东城区、西城区人民政府"),
            ["东城区人民政府", "西城区人民政府"]
        );
        assert_eq!(
            split_names("县教育局、城关镇、红星镇人民政府"),
            ["县教育局", "城关镇人民政府", "红星镇人民政府"]
        );
        // Not a shared ending: the first name is an office, not a bare place.
        assert_eq!(split_names("县教育局、财政局"), ["县教育局", "财政局"]);
        assert_eq!(split_names("各乡镇、县人民政府"), ["各乡镇", "县人民政府"]);
        assert_eq!(
            split_names("区商务局等各行业主管部门"),
            ["区商务局", "各行业主管部门"]
        );
        assert_eq!(split_names("县教育局等有关部门"), ["县教育局"]);
        assert_eq!(split_names("县教育局等部门按职责分工"), ["县教育局"]);
        assert_eq!(split_names("县发改局等成员单位"), ["县发改局"]);
        // `等` inside a name is not a list.
        assert_eq!(split_names("县高等职业学校"), ["县高等职业学校"]);
        let f =
            read_text("加强管理。（責任單位：縣教育局；牽頭單位：縣政府辦；完成時限：2025年底）");
        assert_eq!(
            names(&f),
            [
                ("縣教育局".to_string(), Responsible),
                ("縣政府辦".to_string(), Lead)
            ]
        );
        assert!(f.problems.is_empty(), "{:?}", f.problems);
    }

    #[test]
    fn table_columns() {
        assert_eq!(column_role("牵头\n单位"), Some(Lead));
        assert_eq!(column_role("责任单位"), Some(Responsible));
        assert_eq!(column_role("配合 单位"), Some(Cooperating));
        assert_eq!(column_role("主要任务"), None);
        assert_eq!(column_role("单位责任人"), None);
        assert_eq!(column_role("责任单位（部门）"), Some(Responsible));
        assert_eq!(column_role("牵头部门"), Some(Lead));
        assert_eq!(column_role("责任主体"), Some(Responsible));
        assert_eq!(column_role("牵头责任单位"), Some(Lead));
        assert_eq!(column_role("配合责任单位"), Some(Cooperating));
        assert_eq!(column_role("牽頭單位"), Some(Lead));
        let f = read_cell("县发改局、县财政局、\n县住建局，各镇", Responsible);
        assert_eq!(f.names.len(), 4);
        assert_eq!(f.names[2].name, "县住建局");
    }
}
