using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator emits the kernel launchers into a dynamic assembly of this name; it needs the internal
// kernel parameter types.
[assembly: InternalsVisibleTo("ILGPURuntime")]
