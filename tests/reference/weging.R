# Reference values for tests/analysis/test_weging.py (analysis/weging.py: post-stratification
# weights, weighted means and percentages with design-based SE, representativeness).
#
# Run with:  Rscript tests/reference/weging.R
# Needs the Debian package r-cran-survey.
# Every value is printed with 17 significant digits; the test module stores them with the
# R call that produced them.
#
# Hand-built respondents (the same literals are in the test): 14 respondents, kant and a
# rapportcijfer 'cijfer' (NA = Weet niet / n.v.t.) and a stelling 'eens' (1 = (helemaal)
# mee eens, 0 = other valid answer, NA = no valid answer). Invited per kant: strafkant 40,
# zorgkant 25, bestuurskant 15.

suppressPackageStartupMessages(library(survey))

p <- function(label, value) {
  cat(sprintf("%-44s %s\n", label, paste(sprintf("%.17g", value), collapse = ", ")))
}
cat("R:", R.version.string, "| survey", format(packageVersion("survey")), "\n\n")

d <- data.frame(
  kant = c("strafkant", "strafkant", "strafkant", "strafkant", "strafkant", "strafkant",
           "zorgkant", "zorgkant", "zorgkant", "zorgkant", "zorgkant", "zorgkant",
           "bestuurskant", "bestuurskant"),
  cijfer = c(7, 8, 6, NA, 9, 7, 5, 6, 6, 7, NA, 4, 8, 9),
  eens = c(1, 1, 0, 1, NA, 1, 0, 0, 1, NA, 0, 0, 1, 1)
)
pop <- data.frame(kant = c("strafkant", "zorgkant", "bestuurskant"), Freq = c(40, 25, 15))

des0 <- svydesign(ids = ~1, data = d)  # equal probabilities (warning: no weights given)
des <- postStratify(des0, ~kant, pop)
p("weights (row order)", weights(des))

m <- svymean(~cijfer, des, na.rm = TRUE)
p("svymean cijfer (post-stratified)", coef(m))
p("SE cijfer (post-stratified)", SE(m))
ci <- confint(m, level = 0.95)
p("confint cijfer", ci)
m0 <- svymean(~cijfer, des0, na.rm = TRUE)
p("svymean cijfer (unweighted design)", coef(m0))
p("SE cijfer (unweighted design)", SE(m0))

e <- svymean(~eens, des, na.rm = TRUE)
p("svymean eens (post-stratified)", coef(e))
p("SE eens (post-stratified)", SE(e))
e0 <- svymean(~eens, des0, na.rm = TRUE)
p("svymean eens (unweighted design)", coef(e0))
p("SE eens (unweighted design)", SE(e0))

# partial post-stratification: a kant with invitations but no respondents is left out
pop2 <- rbind(pop, data.frame(kant = "overig", Freq = 10))
des2 <- postStratify(des0, ~kant, pop2, partial = TRUE)
m2 <- svymean(~cijfer, des2, na.rm = TRUE)
p("svymean cijfer (partial)", coef(m2))
p("SE cijfer (partial)", SE(m2))

cat("\n== representativeness ==\n")
# large expected counts: Pearson chi-square goodness of fit
obs <- c(30, 20, 10)
inv <- c(100, 40, 60)
ct <- chisq.test(obs, p = inv / sum(inv))
p("chisq obs 30,20,10 vs 100,40,60: X2", ct$statistic)
p("chisq df", ct$parameter)
p("chisq p", ct$p.value)
p("chisq expected", ct$expected)

# small expected counts: exact multinomial test with X2 as the ordering statistic
# (P(X2 >= X2_obs) over all outcomes), by full enumeration
exact_x2 <- function(obs, prob) {
  n <- sum(obs)
  e <- n * prob
  x2obs <- sum((obs - e)^2 / e)
  pv <- 0
  for (a in 0:n) for (b in 0:(n - a)) {
    x <- c(a, b, n - a - b)
    x2 <- sum((x - e)^2 / e)
    if (x2 >= x2obs * (1 - 1e-7)) pv <- pv + dmultinom(x, prob = prob)
  }
  c(x2obs, pv)
}
r <- exact_x2(c(1, 7, 2), c(40, 25, 15) / 80)
p("exact obs 1,7,2 vs 40,25,15: X2, p", r)
r <- exact_x2(c(6, 6, 2), c(40, 25, 15) / 80)
p("exact obs 6,6,2 vs 40,25,15: X2, p", r)
