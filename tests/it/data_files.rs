//! Open data (issue 19): every file under `data/` and every calendar, read back with a real
//! parser (jsonschema, csv, icalendar) and held against the model of the sample site (the
//! five seeds imported) it was made from.

use crate::support::{read_tree, sample_root};
use planpress::build::{build, BuildOptions};
use planpress::doc::{Deadline, DeadlineKind, Plan};
use planpress::graph::SiteGraph;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

struct Sample {
    files: BTreeMap<String, Vec<u8>>,
    plans: Vec<Plan>,
    graph: SiteGraph,
}

/// The sample site built once (urls.yaml left alone) with its model.
fn sample() -> &'static Sample {
    static S: OnceLock<Sample> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut o = BuildOptions::new(sample_root(), dir.path().join("public"));
        o.record_urls = false;
        build(&o).unwrap();
        let files = read_tree(&dir.path().join("public"));
        let loaded = planpress::load::load(&sample_root().join("content")).unwrap();
        let plans = planpress::model::build(loaded.docs, &loaded.aliases);
        let graph = SiteGraph::build_recorded(
            &plans,
            &loaded.aliases,
            &loaded.departments,
            loaded.urls.clone(),
        );
        Sample {
            files,
            plans,
            graph,
        }
    })
}

fn text<'a>(files: &'a BTreeMap<String, Vec<u8>>, path: &str) -> &'a str {
    std::str::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path}"))).unwrap()
}

fn json(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    serde_json::from_str(text(files, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The model's clause × office pairs: each clause (or unlinked table row) once per office.
fn pairs(p: &Plan) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for n in p.all_nodes() {
        let mut seen = BTreeSet::new();
        for d in &n.duties {
            if seen.insert(&d.unit) {
                out.push((n.id.clone(), d.unit.clone()));
            }
        }
    }
    for (row, ds) in &p.row_duties {
        let units: BTreeSet<&String> = ds.iter().map(|d| &d.unit).collect();
        out.extend(units.into_iter().map(|u| (row.clone(), u.clone())));
    }
    out
}

fn dated(d: &Deadline) -> bool {
    matches!(d.kind, DeadlineKind::By | DeadlineKind::In) && d.year.is_some()
}

fn all_nodes(v: &Value) -> Vec<&Value> {
    fn walk<'a>(ns: &'a Value, out: &mut Vec<&'a Value>) {
        for n in ns.as_array().unwrap() {
            out.push(n);
            walk(&n["children"], out);
        }
    }
    let mut out = Vec::new();
    walk(&v["nodes"], &mut out);
    out
}

#[test]
fn json_files_follow_their_schema() {
    let s = sample();
    let schema = json(&s.files, "data/schema.json");
    assert!(
        jsonschema::meta::is_valid(&schema),
        "schema.json is a JSON Schema"
    );
    let v = jsonschema::validator_for(&schema).unwrap();
    let mut checked = 0;
    for path in s.files.keys().filter(|p| {
        p.as_str() == "data/plans.json" || (p.starts_with("data/plans/") && p.ends_with(".json"))
    }) {
        let doc = json(&s.files, path);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
        checked += 1;
    }
    assert_eq!(checked, 1 + s.plans.len());

    // The schema can fail: a clause without its key, a duty of an unknown role.
    let mut bad = json(&s.files, "data/plans.json");
    let node = bad["plans"][1]["nodes"][0].as_object_mut().unwrap();
    node.remove("key");
    assert!(!v.is_valid(&bad));
    let mut bad = json(&s.files, "data/plans.json");
    bad["plans"][1]["nodes"][0]["duties"] =
        serde_json::json!([{"unit": "教育局", "role": "boss", "source": "clause"}]);
    assert!(!v.is_valid(&bad));
    bad["plans"][1]["nodes"][0]["duties"][0]["role"] = "lead".into();
    assert!(
        v.is_valid(&bad),
        "the same duty with a role the schema knows"
    );
}

#[test]
fn json_holds_the_model() {
    let s = sample();
    let all = json(&s.files, "data/plans.json");
    let plans = all["plans"].as_array().unwrap();
    assert_eq!(plans.len(), s.plans.len());
    for (p, j) in s.plans.iter().zip(plans) {
        assert_eq!(j["slug"], p.slug.as_str());
        // The per-plan file is the same object.
        let own = json(&s.files, &format!("data/plans/{}.json", p.slug));
        assert_eq!(own["plans"][0], *j);
        let nodes = all_nodes(j);
        let model = p.all_nodes();
        assert_eq!(nodes.len(), model.len(), "{}", p.slug);
        for (n, m) in nodes.iter().zip(&model) {
            assert_eq!(n["id"], m.id.as_str());
            assert_eq!(n["key"], m.key());
            assert_eq!(n["duties"].as_array().unwrap().len(), m.duties.len());
            assert_eq!(n["deadlines"].as_array().unwrap().len(), m.deadlines.len());
            let url = n["url"].as_str().unwrap();
            assert!(
                url.ends_with(&format!("/plans/{}/#{}", p.slug, m.id)),
                "{url}"
            );
        }
        assert_eq!(j["targets"].as_array().unwrap().len(), p.targets.len());
        assert_eq!(
            j["row_deadlines"].as_object().unwrap().len(),
            p.row_deadlines.len()
        );
    }
    // Deadlines keep their phrases; 泾源's clause 三（二）10 is the 2024 opening.
    let jy = &plans[s.plans.iter().position(|p| p.region == "泾源县").unwrap()];
    let opening = all_nodes(jy)
        .into_iter()
        .find(|n| n["deadlines"][0]["text"] == "2024年投入使用")
        .expect("泾源's 2024年投入使用");
    assert_eq!(opening["deadlines"][0]["kind"], "in");
    assert_eq!(opening["deadlines"][0]["year"], 2024);
    // Import warnings and source lines are for staff: not published.
    let raw = text(&s.files, "data/plans.json");
    assert!(!raw.contains("\"warnings\"") && !raw.contains("\"file\""));
}

fn read_csv(files: &BTreeMap<String, Vec<u8>>, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = files.get(path).unwrap_or_else(|| panic!("no {path}"));
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{path} starts with a BOM"
    );
    let mut r = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{path}: {row:?}");
    }
    (header, rows)
}

#[test]
fn tasks_csv_has_a_row_per_clause_and_office() {
    let s = sample();
    let (h, rows) = read_csv(&s.files, "data/tasks.csv");
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (plan, id, office, url) = (
        col("plan"),
        col("clause_id"),
        col("office"),
        col("clause_url"),
    );
    let want: Vec<(String, String, String)> = s
        .plans
        .iter()
        .flat_map(|p| pairs(p).into_iter().map(|(c, o)| (p.slug.clone(), c, o)))
        .collect();
    let have: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[plan].clone(), r[id].clone(), r[office].clone()))
        .collect();
    assert!(
        want.len() > 400,
        "the seeds name many duties ({})",
        want.len()
    );
    assert_eq!(
        have.iter().collect::<BTreeSet<_>>(),
        want.iter().collect::<BTreeSet<_>>()
    );
    assert_eq!(have.len(), want.len(), "no pair twice");

    // 泾源: 27 clauses, 教育体育局 on all 27.
    let jy = &s.plans.iter().find(|p| p.region == "泾源县").unwrap().slug;
    let jy_rows: Vec<&Vec<String>> = rows.iter().filter(|r| &r[plan] == jy).collect();
    let clauses: BTreeSet<&str> = jy_rows.iter().map(|r| r[id].as_str()).collect();
    assert_eq!(clauses.len(), 27);
    assert_eq!(
        jy_rows.iter().filter(|r| r[office] == "教育体育局").count(),
        27
    );

    // Every clause URL is an anchor of the plan page.
    for r in &rows {
        let (_, anchor) = r[url].split_once('#').unwrap();
        let page = text(&s.files, &format!("plans/{}/index.html", r[plan]));
        assert!(page.contains(&format!("id=\"{anchor}\"")), "{}", r[url]);
    }
    // Roles and deadlines are the model's.
    let role = col("role");
    assert!(rows
        .iter()
        .all(|r| ["牵头", "责任", "配合"].contains(&r[role].as_str())));
    let phrase = col("deadline_phrase");
    let opening = rows.iter().find(|r| r[phrase] == "2024年投入使用").unwrap();
    assert_eq!(opening[col("deadline_year")], "2024");
    assert_eq!(opening[col("deadline_kind")], "in");
}

#[test]
fn targets_and_plans_csv_count_what_the_model_holds() {
    let s = sample();
    let (_, targets) = read_csv(&s.files, "data/targets.csv");
    let want: usize = s.plans.iter().map(|p| p.targets.len()).sum();
    assert!(want > 10);
    assert_eq!(targets.len(), want);

    let (h, plans) = read_csv(&s.files, "data/plans.csv");
    assert_eq!(plans.len(), s.plans.len());
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (_, tasks) = read_csv(&s.files, "data/tasks.csv");
    for (p, r) in s.plans.iter().zip(&plans) {
        assert_eq!(r[col("plan")], p.slug);
        assert_eq!(r[col("duties")], pairs(p).len().to_string());
        assert_eq!(r[col("targets")], p.targets.len().to_string());
    }
    let total: usize = plans
        .iter()
        .map(|r| r[col("duties")].parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, tasks.len());
}

#[test]
fn datapackage_describes_the_csv_files() {
    let s = sample();
    let pkg = json(&s.files, "data/datapackage.json");
    assert_eq!(pkg["profile"], "tabular-data-package");
    let resources = pkg["resources"].as_array().unwrap();
    let paths: BTreeSet<&str> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        BTreeSet::from(["tasks.csv", "targets.csv", "plans.csv"])
    );
    for r in resources {
        let path = format!("data/{}", r["path"].as_str().unwrap());
        let (header, rows) = read_csv(&s.files, &path);
        let fields = r["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, header, "{path}");
        assert_eq!(r["bytes"], s.files[&path].len(), "{path}");
        assert_eq!(r["encoding"], "utf-8-sig");
        for (k, f) in fields.iter().enumerate() {
            assert!(
                ["string", "integer"].contains(&f["type"].as_str().unwrap()),
                "{f}"
            );
            if f["type"] == "integer" {
                for row in &rows {
                    assert!(
                        row[k].is_empty() || row[k].parse::<i64>().is_ok(),
                        "{path} {}: {:?}",
                        names[k],
                        row[k]
                    );
                }
            }
        }
    }
}

/// The events of a calendar file, parsed; checks the lines RFC 5545 asks for on the way.
fn events(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Vec<BTreeMap<String, String>> {
    let raw = text(files, path);
    assert!(raw.ends_with("\r\n"), "{path}");
    for line in raw.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{path}: a line of {} octets", line.len());
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "{path}: bare line break"
        );
    }
    let unfolded = icalendar::parser::unfold(raw);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap_or_else(|e| panic!("{path}: {e}"));
    let version = cal.properties.iter().find(|p| p.name == "VERSION").unwrap();
    assert_eq!(version.val.as_str(), "2.0");
    let evs: Vec<BTreeMap<String, String>> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| {
            c.properties
                .iter()
                .map(|p| {
                    let key = p.name.as_str().to_string();
                    let val = if key == "SUMMARY" || key == "DESCRIPTION" {
                        p.val.clone().unescape_text().as_str().to_string()
                    } else {
                        p.val.as_str().to_string()
                    };
                    (key, val)
                })
                .collect()
        })
        .collect();
    assert_eq!(evs.len(), cal.components.len(), "{path}: only events");
    let uids: BTreeSet<&str> = evs.iter().map(|e| e["UID"].as_str()).collect();
    assert_eq!(uids.len(), evs.len(), "{path}: UIDs are unique");
    for e in &evs {
        for k in ["DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"] {
            assert!(e.contains_key(k), "{path}: an event without {k}: {e:?}");
        }
        assert_eq!(e["DTSTART"].len(), 8, "an all-day date: {e:?}");
    }
    evs
}

#[test]
fn calendars_hold_every_dated_deadline() {
    let s = sample();
    let count = |p: &Plan| {
        p.all_nodes()
            .iter()
            .flat_map(|n| &n.deadlines)
            .chain(p.row_deadlines.values().flatten())
            .filter(|d| dated(d))
            .count()
    };
    let all = events(&s.files, "data/calendar.ics");
    assert_eq!(all.len(), s.plans.iter().map(count).sum::<usize>());
    for p in &s.plans {
        let path = format!("plans/{}/calendar.ics", p.slug);
        let page = text(&s.files, &format!("plans/{}/index.html", p.slug));
        if count(p) == 0 {
            assert!(!s.files.contains_key(&path));
            assert!(!page.contains("订阅日历"));
            continue;
        }
        assert_eq!(events(&s.files, &path).len(), count(p), "{path}");
        assert!(
            page.contains(&format!("{path}\"")),
            "{} links its calendar",
            p.slug
        );
    }
    // Year-only deadlines on 31 December, month-only on the month's last day, said so.
    let by_summary = |needle: &str, date: &str| {
        let e = all
            .iter()
            .find(|e| e["DESCRIPTION"].contains(needle) && e["DTSTART"] == date)
            .unwrap_or_else(|| panic!("no event {needle} on {date}"));
        e["DESCRIPTION"].clone()
    };
    assert!(by_summary("2024年投入使用", "20241231").contains("只写到年份"));
    let month = by_summary("2025年8月前", "20250831");
    assert!(month.contains("只写到月份"), "{month}");
    assert!(
        !all.iter().any(|e| e["DESCRIPTION"].contains("2024年起")),
        "starts are left out"
    );
}

#[test]
fn each_office_calendar_holds_the_deadlines_of_its_clauses() {
    let s = sample();
    let mut checked = 0;
    for o in s.graph.offices.values() {
        let path = format!("units/{}/{}/calendar.ics", o.county_slug, o.slug);
        let want: usize = s
            .plans
            .iter()
            .filter(|p| p.region == o.county)
            .flat_map(|p| p.all_nodes())
            .filter(|n| n.duties.iter().any(|d| d.unit == o.name))
            .flat_map(|n| &n.deadlines)
            .filter(|d| dated(d))
            .count();
        let page = text(
            &s.files,
            &format!("units/{}/{}/index.html", o.county_slug, o.slug),
        );
        if want == 0 {
            assert!(!s.files.contains_key(&path), "{path}");
            assert!(!page.contains("订阅日历"), "{path}");
            continue;
        }
        let evs = events(&s.files, &path);
        assert_eq!(evs.len(), want, "{path}");
        assert!(page.contains(&format!("{path}\"")), "{path}");
        for e in &evs {
            assert!(e["DESCRIPTION"].contains(&o.name), "{path}: {e:?}");
        }
        checked += 1;
    }
    assert!(checked > 20, "{checked} office calendars");
    // 泾源's 教育体育局 is on all 27 clauses, so on 10 of the 11 dated deadlines: the
    // eleventh (到2027年) is 二、目标任务's, a part that names no office.
    let (_, o) = s
        .graph
        .offices
        .iter()
        .find(|((c, n), _)| c == "泾源县" && n == "教育体育局")
        .unwrap();
    let evs = events(
        &s.files,
        &format!("units/{}/{}/calendar.ics", o.county_slug, o.slug),
    );
    assert_eq!(evs.len(), 10);
}

#[test]
fn the_data_page_lists_every_file_with_its_size() {
    let s = sample();
    let page = text(&s.files, "data/index.html");
    let data: Vec<&String> = s
        .files
        .keys()
        .filter(|p| p.starts_with("data/") && !p.starts_with("data/plans/"))
        .filter(|p| p.as_str() != "data/index.html")
        .collect();
    assert!(data.len() >= 7, "{data:?}");
    for path in data {
        let name = &path["data/".len()..];
        let size = planpress::render::data::size_text(s.files[path].len());
        let row = format!("{name}\" download>{name}</a></th>");
        let at = page
            .find(&row)
            .unwrap_or_else(|| panic!("data/ lists {name}"));
        let rest = &page[at..page[at..].find("</tr>").unwrap() + at];
        assert!(rest.contains(&size), "{name}: {size} in {rest}");
    }
    for p in &s.plans {
        assert!(page.contains(&format!("data/plans/{}.json\"", p.slug)));
        // The plan's row gives the sizes of its own files (the calendar's counted, not made).
        let at = page.find(&format!("data/plans/{}.json\"", p.slug)).unwrap();
        let start = page[..at].rfind("<tr").unwrap();
        let row = &page[start..at + page[at..].find("</tr>").unwrap()];
        let own = [
            format!("data/plans/{}.json", p.slug),
            format!("plans/{}/calendar.ics", p.slug),
        ];
        for file in own.iter().filter(|f| s.files.contains_key(*f)) {
            let size = planpress::render::data::size_text(s.files[file].len());
            assert!(row.contains(&size), "{file}: {size} in {row}");
        }
        assert!(s.files.contains_key(&own[1]), "{} has deadlines", p.slug);
    }
    assert!(page.contains("只写到年份的时限记在当年12月31日"));
    // Every page links the data page from its footer.
    for (path, bytes) in &s.files {
        if path.ends_with(".html") && path != "404.html" {
            let t = std::str::from_utf8(bytes).unwrap();
            assert!(t.contains("index.html\">数据下载</a>"), "{path}");
        }
    }
}

#[test]
fn a_revision_keeps_the_calendar_uids_and_exports_the_current_text() {
    let r = crate::revisions::revised();
    let before = events(&r.before, "data/calendar.ics");
    let after = events(&r.after, "data/calendar.ics");
    let uid = |es: &[BTreeMap<String, String>], needle: &str| {
        es.iter()
            .find(|e| e["DESCRIPTION"].contains(needle))
            .unwrap_or_else(|| panic!("no {needle}"))
            .clone()
    };
    // The 2024 opening moved to 2025 and its clause was renumbered: one event, updated.
    let old = uid(&before, "2024年投入使用");
    let new = uid(&after, "2025年投入使用");
    assert_eq!(old["UID"], new["UID"]);
    assert_ne!(old["URL"], new["URL"], "renumbered");
    assert_eq!(new["DTSTART"], "20251231");
    assert_eq!(new["SEQUENCE"], "1");
    // Every other event of the first text is still there under its UID (but the deleted
    // clause's).
    let after_uids: BTreeSet<&str> = after.iter().map(|e| e["UID"].as_str()).collect();
    for e in before
        .iter()
        .filter(|e| !e["SUMMARY"].contains("推进教育资源共建共享"))
    {
        assert!(after_uids.contains(e["UID"].as_str()), "{e:?}");
    }
    let plans = json(&r.after, "data/plans.json");
    let p = &plans["plans"][0];
    assert_eq!(p["version"], 2);
    assert_eq!(p["revised"], "2026-12-05");
    let moved = all_nodes(p)
        .into_iter()
        .filter(|n| n["key"] != n["id"])
        .count();
    assert!(moved > 5, "renumbered clauses keep their keys ({moved})");
}

/// A sheet of `tasks.xlsx` as text cells: numbers as integers, empty cells as "".
fn sheet_rows(range: &calamine::Range<calamine::Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    calamine::Data::Float(f) => format!("{f}"),
                    calamine::Data::Int(i) => i.to_string(),
                    calamine::Data::Empty => String::new(),
                    c => c.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn tasks_xlsx_reads_back_to_the_rows_of_tasks_csv() {
    use calamine::Reader;
    let s = sample();
    let bytes = s.files.get("data/tasks.xlsx").expect("data/tasks.xlsx");
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 1 + s.plans.len(), "{names:?}");
    assert_eq!(names[0], "全部");
    let (header, csv_rows) = read_csv(&s.files, "data/tasks.csv");

    // The all-plans sheet: Chinese titles over the same rows, in the same order.
    let all = sheet_rows(&wb.worksheet_range("全部").unwrap());
    let titles: Vec<&str> = planpress::render::data::TASK_FIELDS
        .iter()
        .map(|f| f.title)
        .collect();
    assert_eq!(all[0], titles);
    assert_eq!(header.len(), titles.len());
    assert_eq!(all.len() - 1, csv_rows.len());
    assert_eq!(&all[1..], &csv_rows[..]);
    // Years are numbers a filter or formula can use, not text.
    let year = header.iter().position(|h| h == "deadline_year").unwrap();
    let range = wb.worksheet_range("全部").unwrap();
    let r = csv_rows.iter().position(|r| !r[year].is_empty()).unwrap();
    assert!(matches!(
        range.get((r + 1, year)),
        Some(calamine::Data::Float(_))
    ));

    // One sheet per plan, in the site's order, holding that plan's rows.
    for (i, p) in s.plans.iter().enumerate() {
        let name = &names[i + 1];
        assert!(name.starts_with(&format!("{}.", i + 1)), "{name}");
        let rows = sheet_rows(&wb.worksheet_range(name).unwrap());
        let want: Vec<&Vec<String>> = csv_rows.iter().filter(|r| r[0] == p.slug).collect();
        assert_eq!(rows.len() - 1, want.len(), "{name}");
        assert!(rows[1..].iter().zip(&want).all(|(a, b)| &a == b), "{name}");
    }

    // Frozen header and filters on every sheet (the sheet XML, which calamine does not read).
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    for k in 1..=names.len() {
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("xl/worksheets/sheet{k}.xml")).unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(xml.contains("state=\"frozen\""), "sheet{k}: frozen header");
        assert!(xml.contains("<autoFilter ref=\"A1:S"), "sheet{k}: filters");
        assert!(xml.contains("<cols>"), "sheet{k}: column widths");
    }
}
