/* Graph fixtures shared by the graph tests, the GRF benchmark and examples
 * (features.md 5.2): edge-list reader, grid, binary tree, ladder,
 * Erdos-Renyi, triangulated torus; plus a relative Frobenius error.
 * Header-only (static functions) so each program stays one source file. */
#ifndef KES_GRAPH_FIXTURES_H
#define KES_GRAPH_FIXTURES_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kestrel/core.h"
#include "kestrel/linalg.h"

/* Symmetric CSR from undirected edges (i, j, w); w NULL means 1.  Duplicate
 * edges are summed.  Returns NULL on failure. */
static kes_csr *gf_from_edges(int64_t n, int64_t m, const int64_t *ei, const int64_t *ej, const double *w)
{
    int64_t *r = malloc((size_t)(2 * m + 1) * sizeof *r), *c = malloc((size_t)(2 * m + 1) * sizeof *c);
    double *v = malloc((size_t)(2 * m + 1) * sizeof *v);
    kes_csr *A = NULL;
    if (r && c && v) {
        int64_t t = 0;
        for (int64_t k = 0; k < m; k++) {
            double x = w ? w[k] : 1.0;
            r[t] = ei[k], c[t] = ej[k], v[t++] = x;
            if (ei[k] != ej[k]) r[t] = ej[k], c[t] = ei[k], v[t++] = x;
        }
        if (kes_csr_from_triplets(n, n, t, r, c, v, &A)) A = NULL;
    }
    free(r), free(c), free(v);
    return A;
}

/* Edge list "i j [w]" per line, '#' comments; n = largest index + 1. */
static kes_csr *gf_read_edges(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) return NULL;
    int64_t cap = 1024, m = 0, n = 0;
    int64_t *ei = malloc((size_t)cap * sizeof *ei), *ej = malloc((size_t)cap * sizeof *ej);
    double *w = malloc((size_t)cap * sizeof *w);
    char line[256];
    while (ei && ej && w && fgets(line, sizeof line, fp)) {
        if (line[0] == '#') continue;
        long long a, b;
        double x = 1.0;
        int got = sscanf(line, "%lld %lld %lf", &a, &b, &x);
        if (got < 2) continue;
        if (m == cap) {
            cap *= 2;
            ei = realloc(ei, (size_t)cap * sizeof *ei), ej = realloc(ej, (size_t)cap * sizeof *ej);
            w = realloc(w, (size_t)cap * sizeof *w);
            if (!ei || !ej || !w) break;
        }
        ei[m] = a, ej[m] = b, w[m] = got == 3 ? x : 1.0;
        if (a + 1 > n) n = a + 1;
        if (b + 1 > n) n = b + 1;
        m++;
    }
    fclose(fp);
    kes_csr *A = (ei && ej && w) ? gf_from_edges(n, m, ei, ej, w) : NULL;
    free(ei), free(ej), free(w);
    return A;
}

/* Edge buffer used by the generators below. */
typedef struct gf_edges {
    int64_t m, cap;
    int64_t *i, *j;
} gf_edges;

static void gf_add(gf_edges *E, int64_t a, int64_t b)
{
    if (E->m == E->cap) {
        E->cap = E->cap ? 2 * E->cap : 1024;
        E->i = realloc(E->i, (size_t)E->cap * sizeof *E->i);
        E->j = realloc(E->j, (size_t)E->cap * sizeof *E->j);
    }
    E->i[E->m] = a, E->j[E->m] = b, E->m++;
}

static kes_csr *gf_finish(int64_t n, gf_edges *E)
{
    kes_csr *A = gf_from_edges(n, E->m, E->i, E->j, NULL);
    free(E->i), free(E->j);
    return A;
}

/* nx x ny 4-neighbour grid (no wrap). */
static kes_csr *gf_grid(int64_t nx, int64_t ny)
{
    gf_edges E = {0};
    for (int64_t y = 0; y < ny; y++)
        for (int64_t x = 0; x < nx; x++) {
            int64_t v = x + nx * y;
            if (x + 1 < nx) gf_add(&E, v, v + 1);
            if (y + 1 < ny) gf_add(&E, v, v + nx);
        }
    return gf_finish(nx * ny, &E);
}

/* Balanced binary tree with 2^depth - 1 nodes (children 2i+1, 2i+2). */
static kes_csr *gf_binary_tree(int depth)
{
    int64_t n = ((int64_t)1 << depth) - 1;
    gf_edges E = {0};
    for (int64_t i = 1; i < n; i++) gf_add(&E, (i - 1) / 2, i);
    return gf_finish(n, &E);
}

/* Ladder with r rungs (2r nodes). */
static kes_csr *gf_ladder(int64_t r)
{
    gf_edges E = {0};
    for (int64_t k = 0; k < r; k++) {
        gf_add(&E, 2 * k, 2 * k + 1);
        if (k + 1 < r) gf_add(&E, 2 * k, 2 * k + 2), gf_add(&E, 2 * k + 1, 2 * k + 3);
    }
    return gf_finish(2 * r, &E);
}

/* Erdos-Renyi G(n, p) from the given seed (isolated nodes possible). */
static kes_csr *gf_erdos_renyi(int64_t n, double p, uint64_t seed)
{
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    gf_edges E = {0};
    for (int64_t a = 0; a < n; a++)
        for (int64_t b = a + 1; b < n; b++)
            if (kes_rng_uniform(&r) < p) gf_add(&E, a, b);
    return gf_finish(n, &E);
}

/* Triangulated torus with nu x nv vertices: vertex (a, b) -> a + nu b,
 * edges (a,b)-(a+1,b), (a,b+1), (a+1,b+1) mod (nu, nv). */
static kes_csr *gf_torus(int64_t nu, int64_t nv)
{
    gf_edges E = {0};
    for (int64_t b = 0; b < nv; b++)
        for (int64_t a = 0; a < nu; a++) {
            int64_t v = a + nu * b, a1 = (a + 1) % nu, b1 = (b + 1) % nv;
            gf_add(&E, v, a1 + nu * b);
            gf_add(&E, v, a + nu * b1);
            gf_add(&E, v, a1 + nu * b1);
        }
    return gf_finish(nu * nv, &E);
}

/* Torus embedding (R = 2, r = 1): position and unit outward normal of
 * vertex (a, b). */
static void gf_torus_normal(int64_t nu, int64_t nv, int64_t v, double nrm[3])
{
    double th = 2.0 * 3.14159265358979323846 * (double)(v % nu) / (double)nu, ph = 2.0 * 3.14159265358979323846 * (double)(v / nu) / (double)nv;
    nrm[0] = cos(ph) * cos(th);
    nrm[1] = cos(ph) * sin(th);
    nrm[2] = sin(ph);
}

/* ||A - B||_F / ||B||_F over n x n column-major arrays with leading dims. */
static double gf_rel_frob(const double *A, int64_t lda, const double *B, int64_t ldb, int64_t n)
{
    double num = 0.0, den = 0.0;
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) {
            double d = A[i + j * lda] - B[i + j * ldb];
            num += d * d;
            den += B[i + j * ldb] * B[i + j * ldb];
        }
    return sqrt(num / den);
}

#endif
