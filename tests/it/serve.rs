//! `planpress serve` (issue 17): serves the site, rebuilds on an edit, keeps the last good
//! site when a rebuild fails and says why (the page's script reads the state), recovers.
//! The binary runs as a child process on a free port; it is killed at the end.

use crate::support::{copy_tree, fixture};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// `GET path` → (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

fn state(port: u16) -> serde_json::Value {
    serde_json::from_str(&get(port, "/__planpress/state").1).unwrap()
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let t0 = Instant::now();
    while !ok() {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        // Our own child only.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn edit(file: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(file).unwrap();
    assert!(t.contains(from), "{from}");
    std::fs::write(file, t.replacen(from, to, 1)).unwrap();
}

/// `planpress serve --no-search` on a free port for the site at `root`: the child and port.
fn start(root: &Path) -> (Child, u16) {
    let mut child = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
            .args(["serve", "--port", "0", "--no-search", "--root"])
            .arg(root)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = child.0.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let port: u16 = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve says where it serves");
        if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    (child, port)
}

#[test]
fn serves_rebuilds_on_edit_and_keeps_the_last_good_site() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), tmp.path());
    let (_child, port) = start(tmp.path());
    let (status, home) = get(port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__planpress/live.js?g=1\" defer></script></body>"));
    assert_eq!(get(port, "/__planpress/live.js").0, 200);
    assert_eq!(get(port, "/no/such/page/").0, 404);
    assert_eq!(state(port)["generation"], 1);

    let plan = tmp.path().join("content/plans/yiyuan.md");
    let slug = "yiyuan-2021";
    let page = format!("/plans/{slug}/");
    let title = |port| get(port, &page).1;
    assert_eq!(get(port, &page).0, 200, "{page}");
    // An edit of a plan's text: its pages first (the rest of the site after), served.
    edit(&plan, "title: ", "title: 修订后");
    wait_for("the rebuild", || title(port).contains("修订后"));
    // (The page can be served new a moment before the state says so: wait for both.)
    wait_for("the full build after it", || {
        let s = state(port);
        s["generation"].as_u64() >= Some(2) && s["complete"] == true
    });
    let served = state(port)["generation"].as_u64().unwrap();
    assert!(served >= 2, "{served}");
    // What open pages are told changed since the first build: the plan's page reloads, the
    // other plan's does not.
    let since: serde_json::Value =
        serde_json::from_str(&get(port, "/__planpress/state?since=1").1).unwrap();
    let changed: Vec<&str> = since["changed"]
        .as_array()
        .expect("the pages changed are listed")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(changed.contains(&page.as_str()), "{changed:?}");
    assert!(!changed.contains(&"/plans/shiquan-2024/"), "{changed:?}");
    let (_, now) = get(port, &page);
    assert!(
        now.contains(&format!("live.js?g={served}")),
        "the page says its build"
    );
    // A broken file: the error is served to the page's script, the last good site stays.
    edit(&plan, "slug: ", "statu: final\nslug: ");
    wait_for("the failed rebuild", || state(port)["error"].is_string());
    let err = state(port)["error"].as_str().unwrap().to_string();
    assert!(err.contains("yiyuan.md") && err.contains("statu"), "{err}");
    assert_eq!(state(port)["generation"], served);
    assert!(title(port).contains("修订后"));
    // Mended: rebuilt, the error gone.
    edit(&plan, "statu: final\n", "");
    wait_for("the mended rebuild", || {
        state(port)["generation"].as_u64().unwrap() > served
    });
    assert!(state(port)["error"].is_null());
}

#[test]
fn a_site_that_never_built_shows_the_error_then_itself_once_mended() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), tmp.path());
    let plan = tmp.path().join("content/plans/yiyuan.md");
    edit(&plan, "slug: ", "statu: final\nslug: ");
    let (_child, port) = start(tmp.path());
    // No site yet: every page is a short page whose script shows the error and reloads.
    let (status, page) = get(port, "/");
    assert_eq!(status, 404);
    assert!(page.contains("站点尚未生成"), "{page}");
    assert!(
        page.contains("/__planpress/live.js?g=0&amp;missing=1"),
        "{page}"
    );
    let err = state(port)["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(err.contains("yiyuan.md") && err.contains("statu"), "{err}");
    edit(&plan, "statu: final\n", "");
    wait_for("the first good build", || state(port)["generation"] == 1);
    assert_eq!(get(port, "/").0, 200);
    assert!(state(port)["error"].is_null());
}
