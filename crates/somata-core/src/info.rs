//! Self-description of models: names, units, defaults and equations, used by
//! the model directories (`neun.modelInfo`, `nest.modelInfo`, …) and by the
//! error messages that list valid names.

/// One parameter of a model.
#[derive(Clone, Copy, Debug)]
pub struct ParamInfo {
    /// Name exactly as upstream spells it (`cm`, `V_th`, `tau_syn_ex`).
    pub name: &'static str,
    /// Native unit of plain numbers (`"mV"`, `"ms"`, `"µF"`, `""` if none).
    pub unit: &'static str,
    /// Default value in `unit`.
    pub default: f64,
    /// One-line description.
    pub doc: &'static str,
}

/// One state variable of a model.
#[derive(Clone, Copy, Debug)]
pub struct VarInfo {
    /// Name exactly as upstream spells it (`v`, `m`, `V_m`).
    pub name: &'static str,
    /// Unit of the variable.
    pub unit: &'static str,
    /// Documented initial value.
    pub init: f64,
    /// One-line description.
    pub doc: &'static str,
}

/// Everything a model says about itself.
#[derive(Clone, Copy, Debug)]
pub struct ModelInfo {
    /// Short name (`HH`, `iaf_psc_alpha`, `LIFRef`).
    pub name: &'static str,
    /// Human name and reference.
    pub title: &'static str,
    /// State variables in storage order.
    pub vars: &'static [VarInfo],
    /// Parameters in storage order.
    pub params: &'static [ParamInfo],
    /// The equations, in words.
    pub equations: &'static [&'static str],
    /// Notes on conventions and differences from upstream.
    pub notes: &'static [&'static str],
}

impl ParamInfo {
    /// A parameter entry (usable in `const` model tables).
    pub const fn new(name: &'static str, unit: &'static str, default: f64, doc: &'static str) -> Self {
        Self { name, unit, default, doc }
    }
}

impl VarInfo {
    /// A variable entry (usable in `const` model tables).
    pub const fn new(name: &'static str, unit: &'static str, init: f64, doc: &'static str) -> Self {
        Self { name, unit, init, doc }
    }
}

impl ModelInfo {
    /// Index of a variable by name.
    pub fn var_index(&self, name: &str) -> Option<usize> {
        self.vars.iter().position(|v| v.name == name)
    }
    /// Index of a parameter by name.
    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }
    /// Comma-separated variable names, for error messages.
    pub fn var_names(&self) -> String {
        self.vars.iter().map(|v| v.name).collect::<Vec<_>>().join(", ")
    }
    /// Comma-separated parameter names, for error messages.
    pub fn param_names(&self) -> String {
        self.params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
    }
}
