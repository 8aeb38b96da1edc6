//! Which URLs from content may become an `href` or `src`.
//!
//! A free page's Markdown is written by staff, but a link pasted from elsewhere must not run
//! script on a government site when a reader clicks it. Only `http:`, `https:`, `mailto:`
//! and relative URLs are published. The scheme is read the way a browser reads it (WHATWG
//! URL parsing), so `JaVaScRiPt:`, ` javascript:` and `java<TAB>script:` are all caught.

/// Why a URL from content is not published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A scheme other than `http`, `https`, `mailto` (lower-cased, without the `:`).
    Scheme(String),
    /// `//host/x` (or `\\host\x`): another host, reached with the page's own scheme.
    OtherHost {
        /// The URL as the browser reads it, for the suggestion (`https://host/x`).
        url: String,
    },
}

/// Schemes a link or image from content may use.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The URL as a browser reads it before parsing: leading and trailing C0 controls and spaces
/// removed, tabs and line breaks removed anywhere.
pub fn browser_form(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of `url` as a browser finds it, lower-cased: a letter, then letters, digits,
/// `+`, `-`, `.`, up to a `:`. `None` for a relative URL (`#a`, `x.html`, `../x`, `/x`).
pub fn scheme(url: &str) -> Option<String> {
    let u = browser_form(url);
    let end = u.find(':')?;
    let s = &u[..end];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}

/// Whether a URL from content may be published as an `href` or `src`.
///
/// `//host/x` is refused too: it takes the scheme of the page, so opened from disk it is
/// `file://host/x`, which Windows opens as a file share on that host (sending the reader's
/// credentials); staff who mean another site write `https://host/x`.
pub fn check(url: &str) -> Result<(), Refused> {
    match scheme(url) {
        Some(s) if ALLOWED_SCHEMES.contains(&s.as_str()) => Ok(()),
        Some(s) => Err(Refused::Scheme(s)),
        None => {
            let u = browser_form(url);
            let mut c = u.chars();
            // Browsers read `\` as `/` in http(s) URLs: `\\host`, `/\host` are `//host`.
            let slash = |c: Option<char>| matches!(c, Some('/' | '\\'));
            if slash(c.next()) && slash(c.next()) {
                Err(Refused::OtherHost { url: u })
            } else {
                Ok(())
            }
        }
    }
}

impl Refused {
    /// The URL as a warning names it: `javascript:…` (the rest is not the point, and may
    /// be long), or the other host's URL.
    pub fn shown(&self) -> String {
        match self {
            Refused::Scheme(s) => format!("{s}:…"),
            Refused::OtherHost { url } => printable(url, 80),
        }
    }

    /// Why it was dropped, and what to write instead where there is something.
    pub fn reason(&self) -> String {
        match self {
            Refused::Scheme(_) => {
                "only http, https, mailto and relative links are published".to_string()
            }
            Refused::OtherHost { url } => format!(
                "a link starting with // opens a file share when the site is opened from disk; \
                 write it as https://{}",
                printable(url.trim_start_matches(['/', '\\']), 80)
            ),
        }
    }
}

/// At most `max` characters of `s` with control characters left out, for a message.
fn printable(s: &str, max: usize) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(max).collect();
    if s.chars().filter(|c| !c.is_control()).nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_a_browser_reads_them() {
        use Refused::*;
        let other = |u: &str| Err(OtherHost { url: u.to_string() });
        let scheme = |s: &str| Err(Scheme(s.to_string()));
        let cases: &[(&str, Result<(), Refused>)] = &[
            ("javascript:alert(1)", scheme("javascript")),
            ("JaVaScRiPt:alert(1)", scheme("javascript")),
            (" javascript:alert(1)", scheme("javascript")),
            ("java\tscript:alert(1)", scheme("javascript")),
            ("java\nscript:alert(1)", scheme("javascript")),
            ("\x01javascript:alert(1)", scheme("javascript")),
            ("\0 \x1fjavascript:alert(1)\x02 ", scheme("javascript")),
            ("data:text/html,<script>alert(1)</script>", scheme("data")),
            ("vbscript:msgbox(1)", scheme("vbscript")),
            ("file:///etc/passwd", scheme("file")),
            ("x:y", scheme("x")),
            ("c:\\windows", scheme("c")),
            ("a+b.c-d:x", scheme("a+b.c-d")),
            ("https://x", Ok(())),
            ("HTTP://x/", Ok(())),
            ("mailto:a@b", Ok(())),
            ("../x", Ok(())),
            ("#a", Ok(())),
            ("/path", Ok(())),
            ("x.html", Ok(())),
            ("x/y:z", Ok(())),
            ("x?y:z", Ok(())),
            ("x#y:z", Ok(())),
            ("1x:y", Ok(())),
            ("%6Aavascript:alert(1)", Ok(())),
            ("\u{a0}javascript:alert(1)", Ok(())),
            ("", Ok(())),
            ("//host/x", other("//host/x")),
            ("\\\\host\\x", other("\\\\host\\x")),
            ("/\\host", other("/\\host")),
            (" /\t/host", other("//host")),
        ];
        for (url, want) in cases {
            assert_eq!(&check(url), want, "{url:?}");
        }
    }

    #[test]
    fn messages_name_the_scheme_and_the_fix() {
        let s = Refused::Scheme("javascript".into());
        assert_eq!(s.shown(), "javascript:…");
        assert_eq!(
            s.reason(),
            "only http, https, mailto and relative links are published"
        );
        let o = Refused::OtherHost {
            url: "//evil.example/x\u{1}".into(),
        };
        assert_eq!(o.shown(), "//evil.example/x");
        assert!(o.reason().ends_with("write it as https://evil.example/x"));
    }
}
