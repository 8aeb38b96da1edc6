//! iCalendar (RFC 5545) text, written by hand: the calendars hold all-day events only, so
//! a writer is content lines, TEXT escaping and folding — smaller than any crate for it.

/// A content line `NAME:value` (value already escaped where its type needs it), folded at
/// 75 octets and ended with CRLF.
pub fn line(out: &mut String, name: &str, value: &str) {
    let mut s = String::with_capacity(name.len() + value.len() + 1);
    s.push_str(name);
    s.push(':');
    s.push_str(value);
    fold(out, &s);
}

/// A TEXT property: `\`, `;`, `,` and line breaks escaped (RFC 5545 3.3.11).
pub fn text(out: &mut String, name: &str, value: &str) {
    line(out, name, &escape(value));
}

/// TEXT escaping; characters no calendar may hold (controls other than tab) are left out.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            // CRLF, CR or LF: one line break.
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                o.push_str("\\n");
            }
            '\n' => o.push_str("\\n"),
            '\t' => o.push('\t'),
            c if c.is_control() || super::is_forbidden_char(c) => {}
            c => o.push(c),
        }
    }
    o
}

/// Fold a content line: at most 75 octets per line, continuation lines start with a space
/// (which counts), never splitting a UTF-8 character.
fn fold(out: &mut String, s: &str) {
    let mut used = 0;
    for c in s.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// `YYYYMMDD` of a date.
pub fn date(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}{m:02}{d:02}")
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Last day of month `m` (1–12) of year `y`.
pub fn last_day(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day after `y-m-d`.
pub fn next_day(y: i32, m: u32, d: u32) -> (i32, u32, u32) {
    if d < last_day(y, m) {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        let value = "规划".repeat(40);
        text(&mut out, "SUMMARY", &value);
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 1);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '));
        }
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, format!("SUMMARY:{value}"));
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\r\ne\nf\x01"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn dates() {
        assert_eq!(last_day(2024, 2), 29);
        assert_eq!(last_day(2100, 2), 28);
        assert_eq!(last_day(2000, 2), 29);
        assert_eq!(next_day(2025, 12, 31), (2026, 1, 1));
        assert_eq!(next_day(2025, 6, 30), (2025, 7, 1));
        assert_eq!(date(2025, 6, 3), "20250603");
    }
}
