//! Golden tables (issue 16): every table of the five seeds as printed, cell by cell with its
//! merged cells, transcribed by hand into `tests/fixtures/tables/seeds.yaml` from
//! `seeds/*.txt`, and asserted on what import makes of the seeds, on the committed content,
//! and on the plan pages' HTML (colspan and rowspan included).

use crate::support::*;
use planpress::doc::{Document, Span, Table};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Golden {
    plan: String,
    table: String,
    /// Columns of the table's grid.
    width: usize,
    header: Vec<Vec<String>>,
    spans: Vec<Span>,
    rows: Vec<Vec<String>>,
}

fn golden() -> Vec<Golden> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tables/seeds.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A printed cell against the golden one: equal, or for long text (`…` at the end) starting
/// with what the golden one writes.
fn same_cell(got: &str, want: &str) -> bool {
    match want.strip_suffix('…') {
        Some(prefix) if !prefix.is_empty() => got.starts_with(prefix),
        _ => got == want,
    }
}

fn same_rows(what: &str, got: &[Vec<String>], want: &[Vec<String>]) {
    assert_eq!(got.len(), want.len(), "{what}: rows");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g.len(), w.len(), "{what} row {}: cells {g:?}", k + 1);
        for (i, (gc, wc)) in g.iter().zip(w).enumerate() {
            assert!(
                same_cell(gc, wc),
                "{what} row {} cell {}: {gc:?}, printed {wc:?}",
                k + 1,
                i + 1
            );
        }
    }
}

fn check_model(what: &str, t: &Table, g: &Golden) {
    same_rows(&format!("{what} header"), &t.header, &g.header);
    same_rows(what, &t.rows, &g.rows);
    assert_eq!(t.spans, g.spans, "{what}: merged cells");
}

fn table<'a>(d: &'a Document, id: &str) -> &'a Table {
    d.tables
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("{} has no table {id}", d.meta.slug))
}

fn seed_of(slug: &str) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = std::fs::read_to_string(root.join(format!("content/plans/{slug}.md"))).unwrap();
    let doc = planpress::content::parse(slug, &content).unwrap();
    root.join(&doc.meta.source)
}

#[test]
fn the_fixture_covers_every_table_of_the_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all: Vec<(String, String)> = Vec::new();
    for e in std::fs::read_dir(root.join("content/plans")).unwrap() {
        let p = e.unwrap().path();
        let doc = planpress::content::parse("x", &std::fs::read_to_string(&p).unwrap()).unwrap();
        all.extend(
            doc.tables
                .iter()
                .map(|t| (doc.meta.slug.clone(), t.id.clone())),
        );
    }
    all.sort();
    let mut listed: Vec<(String, String)> =
        golden().into_iter().map(|g| (g.plan, g.table)).collect();
    listed.sort();
    assert_eq!(listed, all);
}

#[test]
fn import_reads_every_seed_table_as_printed() {
    for g in golden() {
        let seed = seed_of(&g.plan);
        let doc = planpress::import::import_text(
            &format!("seeds/{}", seed.file_name().unwrap().to_string_lossy()),
            &std::fs::read(&seed).unwrap(),
        )
        .unwrap();
        check_model(
            &format!("import {} {}", g.plan, g.table),
            table(&doc, &g.table),
            &g,
        );
    }
}

#[test]
fn committed_content_holds_every_seed_table_as_printed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for g in golden() {
        let src =
            std::fs::read_to_string(root.join(format!("content/plans/{}.md", g.plan))).unwrap();
        let doc = planpress::content::parse(&g.plan, &src).unwrap();
        check_model(
            &format!("content {} {}", g.plan, g.table),
            table(&doc, &g.table),
            &g,
        );
    }
}

/// One cell of a rendered table: its lines and spans.
#[derive(Debug)]
struct HtmlCell {
    text: String,
    colspan: usize,
    rowspan: usize,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The rows of the `<table>` in figure `id` of a page: header rows, then body rows; the
/// page's own columns (the row number, the link to the body clause) and the copies of merged
/// cells shown only in a phone's cards (`td.carried`) left out. A 序号 cell heading its row
/// (`row-head num`) is the printed cell, without its citation for screen readers and its
/// copy button.
fn html_rows(page: &str, id: &str) -> (Vec<Vec<HtmlCell>>, Vec<Vec<HtmlCell>>) {
    let start = page
        .find(&format!("<figure class=\"table\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let fig = &page[start..start + page[start..].find("</figure>").unwrap()];
    let links = fig.contains(">正文条目</th>");
    let row_re = regex::Regex::new(r"(?s)<tr[^>]*>(.*?)</tr>").unwrap();
    let cell_re = regex::Regex::new(r#"(?s)<(th|td)([^>]*)>(.*?)</(?:th|td)>"#).unwrap();
    let span_re = regex::Regex::new(r#"(colspan|rowspan)="(\d+)""#).unwrap();
    let tag_re = regex::Regex::new(r"<[^>]+>").unwrap();
    let own_re =
        regex::Regex::new(r#"(?s)<span class="vh">[^<]*</span>|<button.*?</button>"#).unwrap();
    let (thead, tbody) = fig.split_once("<tbody>").unwrap_or(("", fig));
    let read_cells = |row: &str| -> Vec<HtmlCell> {
        cell_re
            .captures_iter(row)
            .filter(|c| !c[2].contains("row-head") || c[2].contains("row-head num"))
            .filter(|c| !c[2].contains("carried"))
            .map(|c| {
                let own = own_re.replace_all(&c[3], "");
                let mut cell = HtmlCell {
                    text: unescape(&tag_re.replace_all(&own.replace("<br>", "\n"), "")),
                    colspan: 1,
                    rowspan: 1,
                };
                for s in span_re.captures_iter(&c[2]) {
                    let n: usize = s[2].parse().unwrap();
                    if &s[1] == "colspan" {
                        cell.colspan = n;
                    } else {
                        cell.rowspan = n;
                    }
                }
                cell
            })
            .collect()
    };
    let read = |part: &str, header: bool| -> Vec<Vec<HtmlCell>> {
        let mut rows: Vec<Vec<HtmlCell>> = Vec::new();
        // A sub-row (`<tr class="sub-row">`) continues the row above line by line: its cells
        // are the next lines of the row's split cells, those that do not span it.
        let mut height = 1;
        for (k, r) in row_re.captures_iter(part).enumerate() {
            let sub = r[0].starts_with("<tr class=\"sub-row\"");
            let mut cells: Vec<HtmlCell> = read_cells(&r[1]);
            if sub {
                let Some(last) = rows.last_mut() else {
                    continue;
                };
                height += 1;
                let mut it = cells.into_iter();
                for c in last.iter_mut().filter(|c| c.rowspan == 1) {
                    if let Some(next) = it.next() {
                        c.text.push('\n');
                        c.text.push_str(&next.text);
                    }
                }
                continue;
            }
            if let Some(last) = rows.last_mut() {
                for c in last
                    .iter_mut()
                    .filter(|c| height > 1 && c.rowspan == height)
                {
                    c.rowspan = 1;
                }
            }
            height = 1;
            if links && (!header || k == 0) {
                cells.pop();
            }
            rows.push(cells);
        }
        if let Some(last) = rows.last_mut() {
            for c in last
                .iter_mut()
                .filter(|c| height > 1 && c.rowspan == height)
            {
                c.rowspan = 1;
            }
        }
        rows
    };
    (read(thead, true), read(tbody, false))
}

#[test]
fn plan_pages_print_every_seed_table_with_its_merged_cells() {
    let site = sample_site();
    for g in golden() {
        let page = site.text(&format!("plans/{}/index.html", g.plan));
        let (head, body) = html_rows(page, &g.table);
        let what = format!("{} {}", g.plan, g.table);
        for (header, got, want) in [(true, &head, &g.header), (false, &body, &g.rows)] {
            assert_eq!(got.len(), want.len(), "{what}: rows (header: {header})");
            // Every row covers the grid's width once the cells spanning into it are counted.
            let mut from_above = vec![0usize; got.len()];
            for (k, (gr, wr)) in got.iter().zip(want).enumerate() {
                let texts: Vec<String> = gr.iter().map(|c| c.text.clone()).collect();
                same_rows(
                    &format!("{what} html (header: {header})"),
                    &[texts],
                    std::slice::from_ref(wr),
                );
                for (i, c) in gr.iter().enumerate() {
                    let span = g
                        .spans
                        .iter()
                        .find(|s| s.header == header && s.row == k && s.cell == i);
                    assert_eq!(
                        (c.colspan, c.rowspan),
                        span.map_or((1, 1), |s| (s.colspan, s.rowspan)),
                        "{what} row {} cell {} ({:?}): spans",
                        k + 1,
                        i + 1,
                        c.text
                    );
                    for below in from_above.iter_mut().skip(k + 1).take(c.rowspan - 1) {
                        *below += c.colspan;
                    }
                }
                let covered: usize = gr.iter().map(|c| c.colspan).sum::<usize>() + from_above[k];
                assert_eq!(covered, g.width, "{what} row {} covers the grid", k + 1);
            }
        }
    }
}
