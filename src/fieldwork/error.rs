//! What the workshop's rules refuse, as typed values: each shell says it in its own words
//! and language (the CLI in English with its flags, the screens in Vietnamese or English).

use uuid::Uuid;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum FieldworkError {
    #[error(transparent)]
    Store(#[from] StoreError),

    /// A pinned definition is missing from the database or no longer loads.
    #[error("{0}")]
    Definition(String),

    #[error(
        "survey {survey} {version} has no question {question:?}; see the question ids with `sansang response show`"
    )]
    UnknownQuestion {
        survey: String,
        version: String,
        question: String,
    },

    /// The value does not answer the question; `why` says what it expects.
    #[error("{question}: {why}")]
    AnswerRefused { question: String, why: String },

    /// A change to a complete response needs a reason, kept in the audit trail.
    #[error(
        "response {response} is complete; say why it changes (the reason is kept in the audit trail)"
    )]
    ReasonNeeded { response: Uuid },

    /// A response is complete only when nothing required is missing.
    #[error(
        "response {response} cannot be marked complete: {} required question{} unanswered ({}); answer {} first",
        missing.len(),
        if missing.len() == 1 { " is" } else { "s are" },
        missing.join(", "),
        if missing.len() == 1 { "it" } else { "them" }
    )]
    Incomplete {
        response: Uuid,
        missing: Vec<String>,
    },

    #[error("survey {survey:?}{} is unknown; known surveys: {known}. Add its definition with --surveys DIR", version.as_deref().map(|v| format!(" version {v:?}")).unwrap_or_default())]
    UnknownSurvey {
        survey: String,
        version: Option<String>,
        known: String,
    },

    /// Anything else the rules refuse, in words that say what to do.
    #[error("{0}")]
    Refused(String),
}
