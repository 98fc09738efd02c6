import { render } from 'preact'

render(<h1>TrueDial</h1>, document.getElementById('app')!)
