//! The model stage: documents ([`crate::doc::Document`]) analysed into plans
//! ([`crate::doc::Plan`]), with duties, deadlines and targets derived from the text and
//! tables. The types themselves live in [`crate::doc`].

use crate::doc::{Aliases, Document, Plan};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

pub mod analysis;
pub mod columns;
pub mod deadlines;
pub mod duties;
pub mod targets;
pub mod units;

pub use analysis::analyze;

/// Compile the model's regexes now, on a thread beside `load`, so the model stage's threads
/// do not wait on the first plan compiling them.
pub fn warm() {
    // `load` reads labels: theirs first.
    crate::label::warm();
    deadlines::warm();
    duties::warm();
    targets::warm();
}

/// Model stage entry point: analyse loaded documents into plans.
///
/// Office aliases are the site's `units.yaml` with [`units::propose`]'s proposals filling
/// the gaps (the file always wins), so a plain import already merges 统战部 into 县委统战部.
pub fn build(docs: Vec<(PathBuf, Document)>, aliases: &Aliases) -> Vec<Plan> {
    build_cached(docs, aliases, None)
}

/// Plans analysed by an earlier build (`planpress serve` keeps it between rebuilds), by
/// content file, with the fingerprint of what the analysis read: the file's text and the
/// aliases of its county. A plan whose file and county aliases are unchanged is not
/// analysed again.
#[derive(Debug, Default)]
pub struct Cache {
    plans: Mutex<HashMap<PathBuf, (u128, Plan)>>,
    /// The key of each plan of the build in progress (of the last build, after it).
    keys: Mutex<HashMap<PathBuf, u128>>,
}

impl Cache {
    /// The key each plan of the last build was made from, by file: a plan whose key is the
    /// same at the next build is the same plan.
    pub fn keys(&self) -> HashMap<PathBuf, u128> {
        self.keys.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Hand this build's plans to the cache for the next build ([`build_cached`] moves the
    /// plans it reuses out of the cache rather than copying them).
    pub fn keep(&self, plans: impl IntoIterator<Item = Plan>) {
        let keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        let mut map = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        for p in plans {
            let path = PathBuf::from(&p.file);
            if let Some(k) = keys.get(&path) {
                map.insert(path, (*k, p));
            }
        }
    }
}

/// [`build`], reusing from `cache` (with the fingerprints of the files' texts, from `load`)
/// the plans whose inputs are unchanged: taken out of it, to be handed back with
/// [`Cache::keep`] after the build.
pub fn build_cached(
    docs: Vec<(PathBuf, Document)>,
    aliases: &Aliases,
    cache: Option<(&Cache, &HashMap<PathBuf, u128>)>,
) -> Vec<Plan> {
    use rayon::prelude::*;
    let aliases = aliases.with_proposals(&units::propose(docs.par_iter().map(|(_, d)| d)));
    // `analyze` resolves office names only among the aliases of the document's county.
    let county_fp: HashMap<String, u128> = match cache {
        Some(_) => docs
            .iter()
            .map(|(_, d)| d.meta.region.as_str())
            .collect::<std::collections::BTreeSet<&str>>()
            .into_iter()
            .map(|r| {
                let json = serde_json::to_vec(&aliases.counties.get(r)).unwrap_or_default();
                (r.to_string(), crate::content::fingerprint(&json))
            })
            .collect(),
        None => HashMap::new(),
    };
    let key = |path: &PathBuf, d: &Document| -> Option<u128> {
        let (_, texts) = cache?;
        let text = texts.get(path)?;
        let county = county_fp.get(d.meta.region.as_str())?;
        let mut both = text.to_le_bytes().to_vec();
        both.extend_from_slice(&county.to_le_bytes());
        Some(crate::content::fingerprint(&both))
    };
    // Plans are independent once the aliases are known; rayon keeps their order. Each
    // document is dropped once its plan is made: keeping both would double the peak memory.
    let plans: Vec<(Option<(PathBuf, u128)>, Plan)> = docs
        .into_par_iter()
        .map(|(path, d)| {
            let k = key(&path, &d);
            if let (Some(k), Some((c, _))) = (k, cache) {
                let mut map = c.plans.lock().unwrap_or_else(|e| e.into_inner());
                if map.get(&path).is_some_and(|(was, _)| *was == k) {
                    if let Some((_, p)) = map.remove(&path) {
                        return (Some((path, k)), p);
                    }
                }
            }
            let plan = analyze(&path.display().to_string(), &d, &aliases);
            (k.map(|k| (path, k)), plan)
        })
        .collect();
    if let Some((c, texts)) = cache {
        let mut keys = c.keys.lock().unwrap_or_else(|e| e.into_inner());
        for (path, k) in plans.iter().filter_map(|(k, _)| k.as_ref()) {
            keys.insert(path.clone(), *k);
        }
        keys.retain(|f, _| texts.contains_key(f));
        let mut map = c.plans.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|f, _| texts.contains_key(f));
    }
    plans.into_iter().map(|(_, p)| p).collect()
}
