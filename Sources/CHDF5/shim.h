// The HDF5 C library from the system (Debian libhdf5-dev, Homebrew hdf5): Pywr's
// TablesRecorder writes its results as HDF5 in PyTables' layout. HDF5's type and property
// constants are macros that call into the library, which Swift cannot import, so they are
// wrapped here as functions.
#include <hdf5.h>

static inline hid_t aral_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t aral_h5s_all(void) { return H5S_ALL; }
static inline unsigned aral_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline hid_t aral_h5t_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t aral_h5t_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t aral_h5t_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t aral_h5t_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t aral_h5t_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t aral_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t aral_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t aral_h5p_dataset_create(void) { return H5Pcreate(H5P_DATASET_CREATE); }
static inline hsize_t aral_h5s_unlimited(void) { return H5S_UNLIMITED; }
static inline unsigned aral_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
