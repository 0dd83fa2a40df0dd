export default function HomePage() {
  return <main><h1>Newsflash</h1></main>;
}
