/** An institution's logo, decorative beside its name; a grey square when there is none. */
export function InstitutionLogo({
  src,
  className,
  placeholder = false,
}: {
  src: string | null;
  className: string;
  placeholder?: boolean;
}) {
  if (!src) {
    return placeholder ? <span aria-hidden="true" className={`${className} bg-slate-200`} /> : null;
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- logos come from the API host
    <img src={src} alt="" width={32} height={32} className={`${className} object-contain`} />
  );
}
