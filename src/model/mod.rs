//! The model stage: documents ([`crate::doc::Document`]) analysed into plans
//! ([`crate::doc::Plan`]), with duties, deadlines and targets derived from the text and
//! tables. The types themselves live in [`crate::doc`].

use crate::doc::{Aliases, Document, Plan};

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
pub fn build(docs: Vec<(std::path::PathBuf, Document)>, aliases: &Aliases) -> Vec<Plan> {
    use rayon::prelude::*;
    let aliases = aliases.with_proposals(&units::propose(docs.par_iter().map(|(_, d)| d)));
    // Plans are independent once the aliases are known; rayon keeps their order. Each
    // document is dropped once its plan is made: keeping both would double the peak memory.
    docs.into_par_iter()
        .map(|(path, d)| analyze(&path.display().to_string(), &d, &aliases))
        .collect()
}
