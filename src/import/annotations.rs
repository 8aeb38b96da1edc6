//! Pinyin readings that pages crawled from a reading-aid view print after characters
//! (`鎮(zhèn)`, `目標(biāo)`): not part of the text. A reading is removed only where it carries
//! a tone mark, so `(AED)`, `(pdf)` or `(一)` after a character stay as printed.

use regex::Regex;
use std::sync::LazyLock;

static READING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han})[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7})[)）]")
        .expect("reading regex")
});

const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";

/// `line` without its pinyin readings, and how many were removed.
pub fn strip(line: &str) -> (String, usize) {
    let mut n = 0;
    let out = READING.replace_all(line, |c: &regex::Captures| {
        if c[2].chars().any(|ch| TONED.contains(ch)) {
            n += 1;
            c[1].to_string()
        } else {
            c[0].to_string()
        }
    });
    (out.into_owned(), n)
}

/// The warning for a line that had `n` readings removed.
pub fn removed(n: usize) -> String {
    format!("{n} pinyin reading(s) after characters removed (as in `鎮(zhèn)`): they are a reading aid, not the text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_go_other_brackets_stay() {
        assert_eq!(
            strip("各鄉鎮(zhèn)要完成目標(biāo)任務"),
            ("各鄉鎮要完成目標任務".to_string(), 2)
        );
        assert_eq!(strip("配置(AED)设备").1, 0);
        assert_eq!(strip("附件(pdf)见后").1, 0);
        assert_eq!(strip("措施(一)").1, 0);
        assert_eq!(strip("目标（mù）").0, "目标");
    }
}
