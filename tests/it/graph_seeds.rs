//! The site graph of the sample content (`content/`, imported from the five seeds): the
//! facts of issue #4 about offices, departments and years.

use planpress::doc::{DeadlineKind, Plan};
use planpress::graph::SiteGraph;
use std::path::Path;

/// Built once for all tests of this file.
fn site() -> (&'static [Plan], &'static SiteGraph) {
    static SITE: std::sync::OnceLock<(Vec<Plan>, SiteGraph)> = std::sync::OnceLock::new();
    let (p, g) = SITE.get_or_init(build);
    (p, g)
}

fn build() -> (Vec<Plan>, SiteGraph) {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let loaded = planpress::load::load(&content).expect("content/ loads");
    let plans = planpress::model::build(loaded.docs, &loaded.aliases);
    let g = SiteGraph::build_with(&plans, &loaded.aliases, &loaded.departments);
    (plans, g)
}

fn county<'a>(plans: &'a [Plan], prefix: &str) -> &'a str {
    &plans
        .iter()
        .find(|p| p.region.starts_with(prefix))
        .unwrap_or_else(|| panic!("no plan of {prefix}"))
        .region
}

#[test]
fn totals_agree_with_the_model() {
    let (plans, g) = site();
    let model: usize = plans
        .iter()
        .flat_map(|p| p.all_nodes())
        .map(|n| n.duties.len())
        .sum();
    assert!(model > 100, "the seeds name many duties ({model})");
    assert_eq!(g.listed_duties(), model);
    // Every dated deadline, of clauses and of table rows, is on its year page exactly once:
    // a start (`2024年起`) among the year's starts, anything else among its deadlines.
    let dated: usize = plans
        .iter()
        .flat_map(|p| {
            p.all_nodes()
                .into_iter()
                .flat_map(|n| n.deadlines.iter())
                .chain(p.row_deadlines.values().flatten())
                .filter(|d| d.year.is_some())
                .collect::<Vec<_>>()
        })
        .count();
    let listed: usize = g
        .by_year
        .values()
        .map(|y| y.deadlines + y.start_count)
        .sum();
    assert_eq!(listed, dated);
    for p in plans {
        for n in p.all_nodes() {
            for d in n.deadlines.iter().filter(|d| d.year.is_some()) {
                let y = &g.by_year[&d.year.unwrap()];
                let hits = y
                    .months
                    .iter()
                    .flat_map(|m| &m.plans)
                    .chain(&y.starts)
                    .flat_map(|pg| &pg.entries)
                    .filter(|e| {
                        e.clause.plan == p.slug && e.clause.id == n.id && e.deadline.text == d.text
                    })
                    .count();
                // The same phrase twice on one clause is listed twice, once per deadline.
                let same = n.deadlines.iter().filter(|x| *x == d).count();
                assert_eq!(hits, same, "{} {} {}", p.slug, n.id, d.text);
            }
        }
    }
}

#[test]
fn shiquan_starts_are_not_deadlines_of_2024() {
    // `2024年起实施` is when a task starts: listed among 2024's starts, never its deadlines.
    let (plans, g) = site();
    let sq = plans.iter().find(|p| p.region == "石泉县").unwrap();
    let y = &g.by_year[&2024];
    let sq_deadlines: Vec<&str> = y
        .months
        .iter()
        .flat_map(|m| &m.plans)
        .filter(|pg| pg.plan.slug == sq.slug)
        .flat_map(|pg| &pg.entries)
        .map(|e| e.deadline.text.as_str())
        .collect();
    assert!(
        sq_deadlines.iter().all(|t| !t.contains('起')),
        "{sq_deadlines:?}"
    );
    let starts: usize = y
        .starts
        .iter()
        .filter(|pg| pg.plan.slug == sq.slug)
        .map(|pg| pg.entries.len())
        .sum();
    assert!(
        starts >= 20,
        "石泉 has 2024年起 on most of its tasks: {starts}"
    );
    assert!(y
        .starts
        .iter()
        .flat_map(|pg| &pg.entries)
        .all(|e| e.deadline.kind == DeadlineKind::From));
}

#[test]
fn deadlines_carry_the_phrase_they_govern() {
    let (plans, _) = site();
    let jy = plans.iter().find(|p| p.region == "泾源县").unwrap();
    // 三（一）3: `到2027年，创建铸牢中华民族共同体意识示范校10所，…`
    let n = jy
        .all_nodes()
        .into_iter()
        .find(|n| n.text.contains("示范校10所"))
        .unwrap();
    let d = n.deadlines.iter().find(|d| d.text == "到2027年").unwrap();
    assert!(
        d.phrase.starts_with("创建铸牢中华民族共同体意识示范校10所"),
        "{}",
        d.phrase
    );
    // 三（二）6: 到2027年 governs the 优质均衡 county status, not ending 大班额.
    let n = jy
        .all_nodes()
        .into_iter()
        .find(|n| n.text.contains("化解县城“大班额”"))
        .unwrap();
    let d = n.deadlines.iter().find(|d| d.text == "到2027年").unwrap();
    assert_eq!(d.phrase, "完成国家级义务教育优质均衡发展达标县创建认定");
}

#[test]
fn jingyan_without_clauses_has_no_office_pages() {
    let (plans, g) = site();
    let c = county(plans, "井研");
    assert!(g.offices.keys().all(|(county, _)| county != c));
    let listed = g
        .counties
        .iter()
        .find(|x| x.name == c)
        .expect("井研 is listed");
    assert!(listed.offices.is_empty());
    assert!(!listed.plans.is_empty());
}

#[test]
fn jingyuan_has_27_offices_with_aliases_merged() {
    let (plans, g) = site();
    let c = county(plans, "泾源");
    let offices: Vec<&str> = g
        .offices
        .keys()
        .filter(|(county, _)| county == c)
        .map(|(_, o)| o.as_str())
        .collect();
    assert_eq!(offices.len(), 27, "{offices:?}");
    for name in ["各乡镇", "县委统战部", "县委政法委"] {
        assert!(offices.contains(&name), "{name} missing: {offices:?}");
    }
    for name in ["统战部", "政法委"] {
        assert!(
            !offices.contains(&name),
            "{name} is not merged: {offices:?}"
        );
    }
    let tz = &g.offices[&(c.to_string(), "县委统战部".to_string())];
    assert!(tz.aliases.iter().any(|a| a == "统战部"), "{:?}", tz.aliases);
    assert_eq!(tz.duties, 2);
    let zf = &g.offices[&(c.to_string(), "县委政法委".to_string())];
    assert!(zf.aliases.iter().any(|a| a == "政法委"), "{:?}", zf.aliases);
    assert!(g.offices[&(c.to_string(), "各乡镇".to_string())].collective);
}

#[test]
fn minle_schools_have_18_duties() {
    let (plans, g) = site();
    let c = county(plans, "民乐");
    let o = &g.offices[&(c.to_string(), "各学校".to_string())];
    assert!(o.collective);
    assert_eq!(o.duties, 18);
    assert_eq!(o.plans.iter().map(|p| p.duties.len()).sum::<usize>(), 18);
}

#[test]
fn shiquan_reform_office_leads_one_action() {
    let (plans, g) = site();
    let c = county(plans, "石泉");
    let o = &g.offices[&(c.to_string(), "县委改革办".to_string())];
    assert_eq!(o.roles.lead, 1);
}

#[test]
fn jingyuan_offices_are_responsible_never_lead() {
    // 泾源 names no lead anywhere: its offices are 责任单位, with no 牵头 count at all.
    let (plans, g) = site();
    let c = county(plans, "泾源");
    let o = &g.offices[&(c.to_string(), "教育体育局".to_string())];
    assert_eq!(
        (o.roles.lead, o.roles.responsible, o.roles.cooperating),
        (0, 27, 0)
    );
    for ((county, _), o) in &g.offices {
        if county == c {
            assert_eq!(o.roles.lead, 0, "{}", o.name);
        }
    }
}

#[test]
fn yiyuan_education_bureau_has_39_duties() {
    let (plans, g) = site();
    let c = county(plans, "沂源");
    let o = &g.offices[&(c.to_string(), "县教育和体育局".to_string())];
    assert_eq!(o.duties, 39);
}

#[test]
fn education_department_lists_the_four_bureaus() {
    let (plans, g) = site();
    let edu = g
        .departments
        .iter()
        .find(|d| d.slug == "education")
        .expect("education category");
    let mut got: Vec<(String, String)> = edu
        .offices
        .iter()
        .map(|o| (o.office.county.clone(), o.office.name.clone()))
        .collect();
    got.sort();
    let mut want = vec![
        (county(plans, "石泉").to_string(), "县教体局".to_string()),
        (county(plans, "泾源").to_string(), "教育体育局".to_string()),
        (
            county(plans, "沂源").to_string(),
            "县教育和体育局".to_string(),
        ),
        (county(plans, "民乐").to_string(), "县教育局".to_string()),
    ];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(edu.counties, 4);
}

#[test]
fn every_sample_office_has_a_department() {
    let (_, g) = site();
    assert!(g.unknown_offices.is_empty(), "{:?}", g.notes());
}

#[test]
fn every_graph_url_is_ascii() {
    let (_, g) = site();
    for o in g.offices.values() {
        let url = planpress::render::links::office(&o.county_slug, &o.slug);
        assert!(url.is_ascii(), "{} {}: {url}", o.county, o.name);
    }
    for d in &g.departments {
        let url = planpress::render::links::department(&d.slug);
        assert!(url.is_ascii(), "{url}");
    }
}
