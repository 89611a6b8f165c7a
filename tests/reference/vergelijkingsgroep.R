# Reference values for tests/analysis/test_vergelijkingsgroep.py (analysis/vergelijkingsgroep.py,
# indicator 10-2, item vergelijkingsgroep: matched comparison group).
#
# Run with:  Rscript tests/reference/vergelijkingsgroep.R
# Needs the Debian packages r-cran-sandwich and r-cran-lmtest.
# Every value is printed with 17 significant digits; the test module stores them with the
# R call that produced them.
#
# Hand-built persons (the same literals are in the test): 10 Top X, 6 Overige casuistiek and
# a pool of 17 comparison persons ("vergelijking").
#   ervoor  : offences in the year before the before-window
#   voor, na: offences in the before- and after-window
#   vv, vn  : days at liberty in the before- and after-window
# The matched sample is built here the same way as analysis.vergelijkingsgroep.cem_match:
# bands (0, 1, 2, 3-4, 5-7, 8+) of voor and (0, 1-2, 3+) of ervoor and doelgroep as strata;
# a stratum is matched when it has a treated and a comparison person; treated weight 1,
# comparison weight m_T(s) / m_C(s) * M_C / M_T.

suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
})

p <- function(label, value) {
  cat(sprintf("%-44s %s\n", label, paste(sprintf("%.17g", value), collapse = ", ")))
}

cat("R:", R.version.string, "| sandwich", format(packageVersion("sandwich")),
    "| lmtest", format(packageVersion("lmtest")), "\n\n")

d <- read.table(header = TRUE, stringsAsFactors = FALSE, text = "
id  groep        doelgroep ervoor voor na  vv  vn
t01 TopX         A         0      8    3   365 365
t02 TopX         A         1      5    2   300 365
t03 TopX         A         3      9    4   365 250
t04 TopX         B         0      3    1   365 365
t05 TopX         B         2      4    0   200 365
t06 TopX         A         0      2    1   365 365
t07 TopX         B         1      6    2   365 320
t08 TopX         A         4      12   5   365 365
t09 TopX         B         0      1    0   365 365
t10 TopX         A         0      7    3   340 365
o01 Overige      A         0      1    1   365 365
o02 Overige      B         0      2    0   365 365
o03 Overige      A         1      3    2   365 300
o04 Overige      B         0      0    1   365 365
o05 Overige      A         2      4    1   250 365
o06 Overige      B         5      10   4   365 365
v01 vergelijking A         0      8    4   365 365
v02 vergelijking A         2      9    5   365 365
v03 vergelijking A         1      5    3   365 365
v04 vergelijking A         2      6    2   300 365
v05 vergelijking B         0      3    2   365 365
v06 vergelijking B         0      4    1   365 365
v07 vergelijking B         0      3    3   365 200
v08 vergelijking A         0      2    2   365 365
v09 vergelijking B         1      7    3   365 365
v10 vergelijking B         0      1    1   365 365
v11 vergelijking A         0      1    0   365 365
v12 vergelijking A         0      0    0   365 365
v13 vergelijking B         0      0    1   365 365
v14 vergelijking A         0      6    4   365 365
v15 vergelijking A         1      3    1   365 365
v16 vergelijking B         0      2    1   365 300
v17 vergelijking A         0      5    2   365 365
")

band_voor <- cut(d$voor, c(-Inf, 0, 1, 2, 4, 7, Inf), labels = c("0", "1", "2", "3-4", "5-7", "8+"))
band_ervoor <- cut(d$ervoor, c(-Inf, 0, 2, Inf), labels = c("0", "1-2", "3+"))
d$stratum <- paste0("voor=", band_voor, ";ervoor=", band_ervoor, ";doelgroep=", d$doelgroep)

ctrl <- glm.control(epsilon = 1e-14, maxit = 100)

wmv <- function(x, w) {  # weighted mean and unbiased weighted variance (cov.wt)
  cw <- cov.wt(matrix(x), wt = w / sum(w), method = "unbiased")
  c(cw$center, cw$cov)
}
smd <- function(a, b) (a[1] - b[1]) / sqrt((a[2] + b[2]) / 2)

for (g in c("TopX", "Overige")) {
  cat("==", g, "vs vergelijking ==\n")
  s <- d[d$groep %in% c(g, "vergelijking"), ]
  s$behandeld <- as.integer(s$groep == g)
  mt <- c(tapply(s$behandeld, s$stratum, sum))
  mc <- c(tapply(1 - s$behandeld, s$stratum, sum))
  s$gematcht <- mt[s$stratum] > 0 & mc[s$stratum] > 0
  MT <- sum(s$gematcht & s$behandeld == 1)
  MC <- sum(s$gematcht & s$behandeld == 0)
  s$w <- as.vector(ifelse(!s$gematcht, 0,
                          ifelse(s$behandeld == 1, 1, mt[s$stratum] / mc[s$stratum] * MC / MT)))
  cat(sprintf("%-44s %s\n", "matched ids", paste(s$id[s$gematcht], collapse = ",")))
  p("weights of matched (id order)", s$w[s$gematcht])
  p("M_T, M_C", c(MT, MC))

  # balance before (all treated vs the pool, unweighted) and after (matched, CEM weights)
  tr <- s$behandeld == 1
  for (cv in c("voor", "ervoor", "A", "B")) {
    x <- if (cv %in% c("A", "B")) as.numeric(s$doelgroep == cv) else s[[cv]]
    b0 <- smd(wmv(x[tr], rep(1, sum(tr))), wmv(x[!tr], rep(1, sum(!tr))))
    a1 <- wmv(x[tr & s$gematcht], s$w[tr & s$gematcht])
    c1 <- wmv(x[!tr & s$gematcht], s$w[!tr & s$gematcht])
    p(paste("smd before, after", cv), c(b0, smd(a1, c1)))
    p(paste("weighted means after (T, C)", cv), c(a1[1], c1[1]))
  }

  m <- s[s$gematcht, ]
  long <- data.frame(
    id = c(m$id, m$id),
    behandeld = c(m$behandeld, m$behandeld),
    periode = factor(rep(c("voor", "na"), each = nrow(m)), levels = c("voor", "na")),
    count = c(m$voor, m$na),
    days = c(m$vv, m$vn),
    w = c(m$w, m$w)
  )
  fit <- glm(count ~ behandeld * periode + offset(log(days)), family = poisson,
             weights = w, data = long, control = ctrl)
  V <- vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)
  ct <- coeftest(fit, vcov. = V)
  ci <- coefci(fit, vcov. = V, level = 0.95)
  term <- "behandeld:periodena"
  p("did estimate", exp(coef(fit)[[term]]))
  p("did ci_low, ci_high", exp(ci[term, ]))
  p("did z", ct[term, "z value"])
  p("did p", ct[term, "Pr(>|z|)"])
  p("rr vergelijking estimate", exp(coef(fit)[["periodena"]]))
  p("rr vergelijking ci_low, ci_high", exp(ci["periodena", ]))
  p("rr vergelijking z", ct["periodena", "z value"])
  p("rr vergelijking p", ct["periodena", "Pr(>|z|)"])

  # the matched treated persons' own ratio (unweighted: treated weights are 1)
  lt <- long[long$behandeld == 1, ]
  f1 <- glm(count ~ periode + offset(log(days)), family = poisson, data = lt, control = ctrl)
  V1 <- vcovCL(f1, cluster = ~id, type = "HC1", cadjust = TRUE)
  ct1 <- coeftest(f1, vcov. = V1)
  ci1 <- coefci(f1, vcov. = V1, level = 0.95)
  p("rr behandeld estimate", exp(coef(f1)[["periodena"]]))
  p("rr behandeld ci_low, ci_high", exp(ci1["periodena", ]))
  p("rr behandeld p", ct1["periodena", "Pr(>|z|)"])
  cat("\n")
}
