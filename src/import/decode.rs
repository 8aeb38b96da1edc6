//! Bytes → clean lines: encoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK),
//! line endings, Word artefacts. Line numbers of the source are kept: a removed artefact
//! leaves its line in place (empty), so warnings still point at the printed line.

use anyhow::{bail, Result};
use regex::Regex;
use std::sync::LazyLock;

static BOOKMARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[bookmark:[^\]\n]*\]").expect("bookmark regex"));

/// Decode a raw export. `name` only appears in error messages.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        bail!("{name}: the file is empty");
    }
    let text = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            bail!(
                "{name}: the file starts with a {} byte-order mark but is not valid {}",
                enc.name(),
                enc.name()
            );
        }
        t.into_owned()
    } else if let Some(t) = utf16_without_bom(bytes) {
        t
    } else if bytes.contains(&0) {
        bail!("{name}: binary file (NUL bytes), not a plain-text export");
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        // Government files are often saved as GBK; GB18030 is its superset.
        let (t, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        if !had_errors {
            t.into_owned()
        } else if let Some(t) = utf8_with_few_errors(bytes) {
            // A UTF-8 export with a stray damaged byte (a cut in the middle of a character):
            // the text is kept, the damage shown as U+FFFD and reported by the importer.
            t
        } else {
            bail!("{name}: neither UTF-8 nor GB18030/GBK text (binary file?)");
        }
    };
    let control = text
        .chars()
        // Word's manual line break (`\u{b}`, read as a line break) and cell mark (`\u{7}`,
        // removed with a warning) come with text pasted from Word: not signs of a binary.
        .filter(|c| {
            c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{b}' | '\u{7}')
        })
        .count();
    if control * 100 > text.chars().count().max(1) {
        bail!("{name}: binary file (control characters), not a plain-text export");
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = BOOKMARK.replace_all(&text, "").into_owned();
    if text.trim().is_empty() {
        bail!("{name}: the file is empty");
    }
    Ok(text)
}

/// UTF-8 with a handful of invalid sequences (at most 8, and at most one byte in 200),
/// decoded with U+FFFD in their place; `None` for anything worse.
fn utf8_with_few_errors(bytes: &[u8]) -> Option<String> {
    let mut bad = 0usize;
    for chunk in bytes.utf8_chunks() {
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    (bad <= 8 && bad * 200 <= bytes.len()).then(|| String::from_utf8_lossy(bytes).into_owned())
}

/// UTF-16 saved without a byte-order mark: for Chinese text, one byte of most code units is
/// zero only for ASCII (newlines, digits); recognised when line breaks are `\n\0` or `\0\n`.
fn utf16_without_bom(bytes: &[u8]) -> Option<String> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.chunks_exact(2);
    let (le, be) = pairs.fold((0usize, 0usize), |(le, be), p| match (p[0], p[1]) {
        (b'\n', 0) => (le + 1, be),
        (0, b'\n') => (le, be + 1),
        _ => (le, be),
    });
    let enc = match (le, be) {
        (l, 0) if l > 0 => encoding_rs::UTF_16LE,
        (0, b) if b > 0 => encoding_rs::UTF_16BE,
        _ => return None,
    };
    let (t, had_errors) = enc.decode_without_bom_handling(bytes);
    (!had_errors).then(|| t.into_owned())
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x2018..=0x201F | 0x2014)
}

/// Whether a text contains Chinese characters at all.
pub fn has_han(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF))
}

/// Normalise a title: drop whitespace between Chinese characters (`通   知` → `通知`), keep
/// one space between Latin words, trim.
pub fn normalize_title(s: &str) -> String {
    let cs: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < cs.len() {
        if cs[i].is_whitespace() {
            let start = i;
            while i < cs.len() && cs[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| cs[j]);
            let after = cs.get(i).copied();
            let cjk_side = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            if !cjk_side && before.is_some() && after.is_some() {
                out.push(' ');
            }
            continue;
        }
        out.push(cs[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_agree() {
        let s = "一、总体要求\r\n（一）[bookmark: _GoBack]指导思想\r\n";
        let want = "一、总体要求\n（一）指导思想\n";
        assert_eq!(decode("a", s.as_bytes()).unwrap(), want);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode("a", &bom).unwrap(), want);
        let (gb, _, _) = encoding_rs::GB18030.encode(s);
        assert_eq!(decode("a", &gb).unwrap(), want);
        let le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode("a", &le).unwrap(), want);
        let be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode("a", &be).unwrap(), want);
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend_from_slice(&le);
        assert_eq!(decode("a", &le_bom).unwrap(), want);
    }

    #[test]
    fn bad_input_names_file() {
        for b in [
            &b""[..],
            b"  \n",
            b"\x00\x01\x02abc",
            b"\xff\xfe\xfd\x80\x81",
        ] {
            let e = decode("x.txt", b).unwrap_err().to_string();
            assert!(e.starts_with("x.txt: "), "{e}");
        }
    }

    #[test]
    fn a_damaged_byte_in_utf8_is_kept_as_replacement() {
        let mut b = "一、总体要求\n（一）指导思想，坚持立德树人。\n"
            .repeat(20)
            .into_bytes();
        b.truncate(b.len() - 5);
        b.extend_from_slice(b"\n");
        let t = decode("a", &b).unwrap();
        assert!(t.contains('\u{fffd}'));
        assert!(t.starts_with("一、总体要求\n"));
    }

    #[test]
    fn titles() {
        assert_eq!(normalize_title("关于印发…的通   知"), "关于印发…的通知");
        assert_eq!(normalize_title(" 5G  网络 AI  model "), "5G网络AI model");
    }
}
