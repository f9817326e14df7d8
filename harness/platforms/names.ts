// The platforms' names, for measures that must not import the platforms themselves.
export const PLATFORM_NAMES = ['docker', 'kubernetes', 'operator'] as const;
