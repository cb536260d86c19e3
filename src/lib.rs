pub mod store;
pub mod survey;
