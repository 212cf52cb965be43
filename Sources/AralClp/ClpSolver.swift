// CLP backend for the solver layer.
