#ifndef ARAL_CLP_SHIM_H
#define ARAL_CLP_SHIM_H
#ifdef __cplusplus
extern "C" {
#endif
int aral_clp_placeholder(void);
#ifdef __cplusplus
}
#endif
#endif
