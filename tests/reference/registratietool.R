# Reference values for tests/instruments/test_registratietool.py (vergelijk: chi-square on
# the registry distributions). Run with:  Rscript tests/reference/registratietool.R
# Rows = metingen (vorige, deze), columns = categories; Pearson chi-square without
# continuity correction, as analysis.compare.chi2_distribution.

p <- function(label, value) cat(sprintf("%-40s %s\n", label, sprintf("%.17g", value)))

# werksoort within selectie: vorige Screening 30 / Triage 10, deze 20 / 20
t1 <- chisq.test(matrix(c(30, 10, 20, 20), 2, byrow = TRUE), correct = FALSE)
p("selectie statistic", t1$statistic)
p("selectie p", t1$p.value)
p("selectie cramers_v", sqrt(t1$statistic / 80))

# gemeente: vorige Roermond 1, Weert 1; deze Roermond 1, Leudal 1, Echt-Susteren 1,
# buiten regio 1, onbekend 1 (empty columns dropped)
t2 <- suppressWarnings(chisq.test(matrix(c(1, 1, 0, 0, 0, 0,
                                           1, 0, 1, 1, 1, 1), 2, byrow = TRUE), correct = FALSE))
p("gemeente statistic", t2$statistic)
p("gemeente df", t2$parameter)
p("gemeente p", t2$p.value)
