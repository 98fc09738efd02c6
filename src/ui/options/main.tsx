import { render } from 'preact'
import '../shared/styles.css'
import { OptionsPage } from './OptionsPage'

render(<OptionsPage />, document.getElementById('app')!)
